/**
 * Business calendars: weekly opening hours in an IANA time zone, with holidays and make-up workdays, and the
 * exact business-time maths an SLA needs. Pure: no database, no I/O.
 *
 * Semantics, all in the calendar's time zone:
 * - A day's interval ["09:00", "18:00"] opens at the first instant the wall clock reads 09:00 on that date and
 *   closes at the first instant it reads 18:00 (or later). So on a clocks-back day a time that occurs twice is
 *   taken at its first occurrence, and an interval spanning the repeated hour (01:00–02:00 in New York) lasts two
 *   real hours; on a clocks-forward day a time that does not exist is taken as the instant of the jump, so
 *   02:00–03:00 in New York lasts zero and 01:00–03:00 one hour. "24:00" is the next date's midnight.
 * - A holiday is closed all day. A make-up workday (调休) opens with its own weekday's hours if that weekday has
 *   hours, else Monday's, else the first weekday's that has hours.
 * - A due time is the first instant by which the minutes of open time have elapsed: a closing instant when the
 *   work ends exactly at close. 0 minutes gives the start itself when open or exactly at a closing instant,
 *   otherwise the next opening.
 * - Durations are rounded to whole milliseconds; answers more than 100 years away are refused
 *   (CALENDAR_HORIZON_EXCEEDED), as is a calendar with no weekly hours (CALENDAR_NEVER_OPEN).
 */
export {
  addBusinessMinutes,
  addBusinessMinutesWithPauses,
  businessMillisecondsBetween,
  businessMinutesBetween,
  isOpen,
  nextOpening,
  type Pause,
} from './business-time.ts';
/** Error codes CALENDAR_INVALID, CALENDAR_NEVER_OPEN, CALENDAR_HORIZON_EXCEEDED. */
export { calendarErrors } from './calendar.errors.ts';
/** The calendar types, the 24×7 calendar and `checkCalendar` for untrusted input. */
export {
  type BusinessCalendar,
  type Calendar,
  type CalendarCheck,
  type CalendarDefinition,
  checkCalendar,
  isTwentyFourSeven,
  type OpeningInterval,
  type TwentyFourSeven,
  twentyFourSeven,
  WEEKDAYS,
  type Weekday,
  type WeeklyHours,
} from './calendar.ts';
/** China's 2026 public holidays and make-up workdays, and a standard Mon–Fri Shanghai calendar with them. */
export {
  CHINA_2026_HOLIDAY_BLOCKS,
  CHINA_2026_HOLIDAYS,
  CHINA_2026_WORKDAYS,
  type ChinaCalendarOptions,
  chinaStandardCalendar,
} from './china-2026.ts';
/** The `POST /api/v1/calendars/:id/due` body and answer. */
export { checkDueRequest, type DueRequest, type DueResponse, dueResponse } from './due-request.ts';
/** Holiday and make-up-day imports from JSON or iCalendar text. */
export {
  type HolidayImport,
  type HolidayImportOptions,
  type HolidayImportResult,
  parseHolidayICalendar,
  parseHolidayJson,
} from './import-calendar.ts';
