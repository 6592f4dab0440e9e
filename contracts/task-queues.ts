/** Task queue names: the one place both the API (which starts workflows) and the workers (which poll) read them. */
export const TaskQueue = {
  /** Payment lifecycle workflows and their orchestration/database activities. */
  payments: 'ifms-payments',
} as const;
