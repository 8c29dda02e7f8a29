import { DomainError, type FieldProblem } from '@localreach/core';

export type SegmentErrorCode = 'INVALID_SEGMENT_DEFINITION' | 'INVALID_SEGMENT_CONTEXT';

/** A segment definition or compile context that cannot be used; `details` names every offending field. */
export class SegmentError extends DomainError {
  constructor(code: SegmentErrorCode, problems: FieldProblem[]) {
    super('invalid', code, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    this.name = 'SegmentError';
  }
}
