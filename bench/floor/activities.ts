export function createFloorActivities() {
  return {
    async noop(): Promise<void> {},
  };
}
