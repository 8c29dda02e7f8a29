export { broadcastSendAt, localWallTimeToInstant, wallTimeProblem, type BroadcastTiming } from './broadcast';
export { MAX_DATE_OFFSET_DAYS, nextDateOccurrence, type DateOccurrence, type DateOccurrenceInput } from './date-occurrence';
export { nextLocalTime, weekdaysProblem } from './next-local-time';
export { isWithinOpeningHours } from './opening-hours';
export { DEFAULT_SMS_WINDOW, isInsideWindow, quietHoursRelease, type SendWindow } from './quiet-hours';
export { SchedulingError, type SchedulingErrorCode } from './scheduling.errors';
export { addWaitDuration, waitDurationProblem } from './wait-duration';
export { localTimeProblem, parseLocalTime, zoneFor, type LocalTime } from './wall-clock';
export { CATCH_UP_GRACE_MS, endOfLocalDay, isCatchUp } from './catch-up';
