/** The organization's zone in the end-to-end journeys (the sign-up default). */
export const SHANGHAI = 'Asia/Shanghai';

/**
 * `YYYY-MM-DDTHH:mm` of `date` as a wall clock in `timeZone`: what an operator types into a
 * `<input type="datetime-local">` whose times are in the organization's zone.
 */
export function zonedInputValue(date: Date, timeZone = SHANGHAI): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** `YYYY-MM-DD` of `date` in `timeZone`, for `<input type="date">`. */
export function zonedDateValue(date: Date, timeZone = SHANGHAI): string {
  return zonedInputValue(date, timeZone).slice(0, 10);
}

/** `date` moved by whole minutes. */
export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}
