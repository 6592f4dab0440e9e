export function createFloorActivities() {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await
    async noop(): Promise<void> {},
  };
}
