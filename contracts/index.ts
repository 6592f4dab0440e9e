export * from './task-queues';
export * from './search-attributes';
export * from './probe';
export * from './payments';
export * from './lifecycle-errors';
export * from './schedules';
export * from './tenant-scope';
export * from './handler-descriptions';
