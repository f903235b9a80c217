// The part of @breejs/later (Bree's schedule library, shipped without types) that we use.
declare module '@breejs/later' {
  interface ScheduleData {
    schedules: Record<string, number[]>[];
    exceptions: Record<string, number[]>[];
    /** -1 when the text parsed; otherwise the position where parsing stopped. */
    error?: number;
  }
  interface Schedule {
    next(count: number, start?: Date): Date[] | Date | 0;
    prev(count: number, start?: Date): Date[] | Date | 0;
    isValid(date: Date): boolean;
  }
  const later: {
    date: { localTime(): void; UTC(): void };
    parse: { text(text: string): ScheduleData; cron(expr: string, hasSeconds?: boolean): ScheduleData };
    schedule(data: ScheduleData): Schedule;
  };
  export default later;
}
