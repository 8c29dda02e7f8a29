import { SEGMENT_LIMITS } from '../segment-definition';
import { checkBoolean, checkEnum, checkKeys, checkNumber, checkString, type JsonObject, type Problems } from './problems';
import { checkComparison, fieldKind } from './validate-comparison';

/** Conditions on the customer row itself: attribute, tag, consent, birthday, localTime. */
export function validateAttribute(node: JsonObject, path: string, out: Problems): void {
  checkKeys(node, ['type', 'field', 'op', 'value'], path, out);
  const kind = fieldKind(node.field, `${path}.field`, out);
  checkComparison(node, kind, path, out);
}

export function validateTag(node: JsonObject, path: string, out: Problems): void {
  checkKeys(node, ['type', 'tag', 'present'], path, out);
  checkString(node.tag, `${path}.tag`, out);
  checkBoolean(node.present, `${path}.present`, out);
}

export function validateConsent(node: JsonObject, path: string, out: Problems): void {
  checkKeys(node, ['type', 'channel', 'status'], path, out);
  checkEnum(node.channel, ['email', 'sms', 'location'], `${path}.channel`, out);
  checkEnum(node.status, ['granted', 'denied', 'unknown'], `${path}.status`, out);
}

export function validateBirthday(node: JsonObject, path: string, out: Problems): void {
  checkKeys(node, ['type', 'withinNextDays', 'month'], path, out);
  const hasDays = node.withinNextDays !== undefined;
  const hasMonth = node.month !== undefined;
  if (hasDays === hasMonth) {
    out.add(path, 'needs exactly one of withinNextDays or month');
    return;
  }
  if (hasDays) checkNumber(node.withinNextDays, `${path}.withinNextDays`, out, { min: 0, max: SEGMENT_LIMITS.maxWithinNextDays, integer: true });
  else checkNumber(node.month, `${path}.month`, out, { min: 1, max: 12, integer: true });
}

export function validateLocalTime(node: JsonObject, path: string, out: Problems): void {
  checkKeys(node, ['type', 'hours', 'weekdays'], path, out);
  if (node.hours === undefined && node.weekdays === undefined) {
    out.add(path, 'needs hours, weekdays or both');
    return;
  }
  if (node.hours !== undefined) {
    if (!Array.isArray(node.hours) || node.hours.length !== 2) out.add(`${path}.hours`, 'must be [from, to]');
    else node.hours.forEach((h, i) => checkNumber(h, `${path}.hours[${i}]`, out, { min: 0, max: 23, integer: true }));
  }
  const { weekdays } = node;
  if (weekdays !== undefined) {
    if (!Array.isArray(weekdays) || weekdays.length === 0 || weekdays.length > 7) {
      out.add(`${path}.weekdays`, 'must be a list of 1 to 7 ISO weekdays (1 = Monday)');
    } else {
      weekdays.forEach((d, i) => {
        if (checkNumber(d, `${path}.weekdays[${i}]`, out, { min: 1, max: 7, integer: true }) && weekdays.indexOf(d) < i) {
          out.add(`${path}.weekdays[${i}]`, 'repeats an earlier weekday');
        }
      });
    }
  }
}
