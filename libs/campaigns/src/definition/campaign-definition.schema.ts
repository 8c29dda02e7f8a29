import { eventTypeAlternatives, SEGMENT_LIMITS } from '@localreach/segmentation';
import { CAMPAIGN_LIMITS, CAMPAIGN_PRIORITIES, DEFAULT_MAX_EVENT_AGE, STEP_ID_PATTERN, type StepType, type TriggerType } from './campaign-definition';
import { PRESET_NAMES, type PresetName } from './campaign-presets';
import { AUTO_WINNER_METRICS } from './validate-auto-winner';

type Schema = Record<string, unknown>;

const REF_PREFIX = '#/components/schemas/';
const MAX_TEXT = SEGMENT_LIMITS.maxStringLength;
const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const LOCAL_TIME_PATTERN = '^(?:[01]\\d|2[0-3]):[0-5]\\d$';
const WALL_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T(?:[01]\\d|2[0-3]):[0-5]\\d$';
// A wall time, or an instant with seconds optional and an offset (core's parseTimestamp).
const AT_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T(?:(?:[01]\\d|2[0-3]):[0-5]\\d|\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2}))$';
// What luxon parses and checkDuration keeps: no signs, whole units (".0" is whole), a fraction only of
// seconds (it becomes milliseconds), and not zero: a non-zero integer part, or a non-zero digit among the
// first three of the seconds' fraction (as segmentation's duration pattern).
const UNIT = '\\d{1,20}(?:\\.0{1,20})?';
const DURATION_PATTERN = `^(?=.*[PYMWDTH]\\d*[1-9]|.*[.,]\\d{0,2}[1-9])P(?:${UNIT}Y)?(?:${UNIT}M)?(?:${UNIT}W)?(?:${UNIT}D)?(?:T(?:${UNIT}H)?(?:${UNIT}M)?(?:\\d{1,20}(?:[.,]\\d{1,20})?S)?)?$`;
const COUPON_PREFIX_PATTERN = '^[A-Z0-9]{2,12}$';
// Not blank: JavaScript's trim() and \s agree on what whitespace is.
const NOT_BLANK_PATTERN = '\\S';

// The ids the API docs' examples use (one per kind of thing), so a test can put real ones in their place.
const EXAMPLE_IDS = {
  emailTemplate: '5e7a1c2d-0000-4000-8000-000000000004',
  smsTemplate: '5e7a1c2d-0000-4000-8000-000000000005',
  geofence: '5e7a1c2d-0000-4000-8000-000000000006',
} as const;

const TRIGGER_SCHEMA_NAMES: Record<TriggerType, string> = {
  customer_created: 'CampaignCustomerCreatedTrigger',
  event: 'CampaignEventTrigger',
  date: 'CampaignDateTrigger',
  segment: 'CampaignSegmentTrigger',
  geofence: 'CampaignGeofenceTrigger',
  broadcast: 'CampaignBroadcastTrigger',
};

const STEP_SCHEMA_NAMES: Record<StepType, string> = {
  email: 'CampaignEmailStep',
  sms: 'CampaignSmsStep',
  wait: 'CampaignWaitStep',
  waitUntil: 'CampaignWaitUntilStep',
  branch: 'CampaignBranchStep',
  split: 'CampaignSplitStep',
  update: 'CampaignUpdateStep',
  exit: 'CampaignExitStep',
};

const ref = (name: string): Schema => ({ $ref: `${REF_PREFIX}${name}` });

// An object refusing unknown keys.
function object(description: string, required: string[], properties: Schema, extra: Schema = {}): Schema {
  return { type: 'object', description, ...(required.length > 0 ? { required } : {}), additionalProperties: false, properties, ...extra };
}

// A node naming an event type: its `type` tag for the discriminator, then the closed alternatives with eventType or with
// its deprecated alias name, exactly one of which matches.
function withEventTypeAlternatives(description: string, typeTag: Schema, build: Parameters<typeof eventTypeAlternatives>[0]): Schema {
  return { type: 'object', description, required: ['type'], properties: { type: typeTag }, oneOf: eventTypeAlternatives(build) };
}

// The discriminating property of one variant.
const tag = (value: string, description: string): Schema => ({ type: 'string', enum: [value], description });

// A non-empty string of at most 256 characters (segmentation's checkString).
const text = (description: string): Schema => ({ type: 'string', minLength: 1, maxLength: MAX_TEXT, description });

const uuid = (description: string): Schema => ({ type: 'string', format: 'uuid', pattern: UUID_PATTERN, description });

const duration = (description: string): Schema => ({ type: 'string', maxLength: MAX_TEXT, pattern: DURATION_PATTERN, description });

const localTime = (description: string): Schema => ({ type: 'string', pattern: LOCAL_TIME_PATTERN, description });

// The validator only wants a non-empty string here, but a reference that is not a valid step id names no valid step.
const stepRef = (description: string): Schema => ({ type: 'string', pattern: STEP_ID_PATTERN.source, description });

const integer = (minimum: number, maximum: number, description: string): Schema => ({ type: 'integer', minimum, maximum, description });

// A `oneOf` over named variants, told apart by `propertyName`.
function discriminated(description: string, propertyName: string, names: Readonly<Record<string, string>>): Schema {
  const mapping = Object.fromEntries(Object.entries(names).map(([value, name]) => [value, `${REF_PREFIX}${name}`]));
  return { type: 'object', description, oneOf: [...new Set(Object.values(names))].map(ref), discriminator: { propertyName, mapping } };
}

function buildSchemas(): Record<string, Schema> {
  return {
    CampaignInput: { ...campaignObject(true), example: CAMPAIGN_EXAMPLE },
    CampaignPatch: { ...campaignObject(false), example: { holdoutPercent: 5, priority: 'high' } },
    ...presetSchemas(),
    CampaignTrigger: discriminated('What enrols a customer, by `type`.', 'type', TRIGGER_SCHEMA_NAMES),
    ...triggerSchemas(),
    CampaignStep: discriminated('One step of the journey, by `type`. Every enrolment starts at `steps[0]`.', 'type', STEP_SCHEMA_NAMES),
    ...messageStepSchemas(),
    ...timingStepSchemas(),
    ...flowStepSchemas(),
    ...updateStepSchemas(),
    ...settingSchemas(),
  };
}

// The POST body (`name`, `trigger` and `steps` required) or the PATCH body (every field optional, none nullable).
function campaignObject(create: boolean): Schema {
  const { maxNameLength, minSteps, maxSteps, maxHoldoutPercent } = CAMPAIGN_LIMITS;
  const description = create
    ? 'A campaign definition: a trigger, an optional audience filter and a journey of steps. It is saved as a draft.'
    : 'Fields to replace in the current definition; fields left out keep their value. null removes entry, goal, holdoutPercent, reentry or priority (the default applies); name, trigger and steps cannot be null.';
  // On PATCH an optional field may be null: it is removed.
  const removable = (schema: Schema): Schema => {
    if (create) return schema;
    const text = `${typeof schema.description === 'string' ? `${schema.description} ` : ''}null removes it.`;
    if (schema.$ref) return { allOf: [schema], nullable: true, description: text };
    // A nullable enum lists null among its values (OpenAPI 3.0).
    return { ...schema, ...(Array.isArray(schema.enum) ? { enum: [...schema.enum, null] } : {}), nullable: true, description: text };
  };
  return object(description, create ? ['name', 'trigger', 'steps'] : [], {
    name: { type: 'string', minLength: 1, maxLength: maxNameLength, pattern: NOT_BLANK_PATTERN, description: `Campaign name, not blank, at most ${maxNameLength} characters.` },
    trigger: ref('CampaignTrigger'),
    entry: removable(ref('SegmentDefinition')),
    steps: { type: 'array', minItems: minSteps, maxItems: maxSteps, items: ref('CampaignStep'), description: `The journey, ${minSteps} to ${maxSteps} steps; enrolments start at the first.` },
    goal: removable(ref('CampaignGoal')),
    holdoutPercent: removable({
      type: 'number', minimum: 0, maximum: maxHoldoutPercent,
      description: `Share of enrolments kept as a control group that is never messaged: 0 to ${maxHoldoutPercent}, at most one decimal (12.5, not 12.25).`,
    }),
    reentry: removable(ref('CampaignReentry')),
    priority: removable({ type: 'string', enum: [...CAMPAIGN_PRIORITIES], description: 'Frequency caps defer lower priorities first. Default normal.' }),
  });
}

function presetSchemas(): Record<string, Schema> {
  const others = PRESET_NAMES.filter((p) => p !== 'nearby_offer');
  const names = Object.fromEntries(PRESET_NAMES.map((p) => [p, p === 'nearby_offer' ? 'CampaignNearbyOfferPresetInput' : 'CampaignPresetInput'])) as Record<PresetName, string>;
  const params = (geofence: boolean): Schema => object(
    geofence ? 'Parameters of nearby_offer: the geofence is required.' : 'Parameters of the preset (a geofenceId is only for nearby_offer).',
    geofence ? ['geofenceId'] : [],
    {
      name: { type: 'string', minLength: 1, maxLength: CAMPAIGN_LIMITS.maxNameLength, pattern: NOT_BLANK_PATTERN, description: "Campaign name; defaults to the preset's title." },
      ...(geofence ? { geofenceId: uuid('The geofence whose entry triggers the campaign.') } : {}),
      storeId: uuid('Limits the audience to customers whose nearest store this is (an entry filter).'),
    },
  );
  return {
    CampaignFromPresetInput: {
      ...discriminated('A preset to create a draft campaign from, with its templates copied into the business.', 'preset', names),
      example: { preset: 'nearby_offer', params: { geofenceId: EXAMPLE_IDS.geofence } },
    },
    CampaignPresetInput: object('A preset without a geofence; params are optional.', ['preset'], {
      preset: { type: 'string', enum: others, description: 'welcome_series, abandoned_cart, birthday_offer or win_back (which creates its segment).' },
      params: ref('CampaignPresetParams'),
    }),
    CampaignNearbyOfferPresetInput: object('nearby_offer: an SMS coupon when a customer enters the geofence during opening hours.', ['preset', 'params'], {
      preset: tag('nearby_offer', 'The nearby-offer preset.'),
      params: ref('CampaignNearbyOfferPresetParams'),
    }),
    CampaignPresetParams: params(false),
    CampaignNearbyOfferPresetParams: params(true),
  };
}

function triggerSchemas(): Record<string, Schema> {
  const { maxOffsetDays } = CAMPAIGN_LIMITS;
  const type = (t: TriggerType) => tag(t, `Trigger type ${t}.`);
  const names = TRIGGER_SCHEMA_NAMES;
  return {
    [names.customer_created]: object('When a customer is created.', ['type'], { type: type('customer_created') }),
    [names.event]: withEventTypeAlternatives('When the customer sends an event of a type, optionally filtered on its properties.', type('event'), (naming, key) =>
      object(`The event type given as ${key}.`, ['type', key], {
        type: type('event'),
        ...naming,
        where: {
          type: 'array', items: ref('SegmentPropertyCondition'), maxItems: SEGMENT_LIMITS.maxConditions,
          description: `Conditions on event properties, all of which must hold; at most ${SEGMENT_LIMITS.maxConditions}.`,
        },
        maxEventAge: duration(
          'ISO-8601 duration, positive, at most 1 year: events that occurred longer than this before the campaign takes them are ignored (the reason is in the '
          + `customer's journeys, skippedTriggers). Default: the platform's TRIGGER_MAX_EVENT_AGE, ${DEFAULT_MAX_EVENT_AGE} unless configured.`,
        ),
      })),
    [names.date]: object("On a date of the customer, offsetDays before or after, at a local time in the customer's time zone.", ['type', 'field', 'offsetDays', 'localTime'], {
      type: type('date'),
      field: { type: 'string', maxLength: MAX_TEXT, pattern: '^(?:birthday|attributes\\.[\\s\\S]+)$', description: 'birthday or a date attribute attributes.<key>.' },
      offsetDays: integer(-maxOffsetDays, maxOffsetDays, 'Days before (negative) or after (positive) the date.'),
      localTime: localTime("HH:MM (24-hour) in the customer's time zone."),
    }),
    [names.segment]: object('When the customer enters the segment.', ['type', 'segmentId'], { type: type('segment'), segmentId: uuid('The segment.') }),
    [names.geofence]: object('When the customer enters or dwells in the geofence.', ['type', 'geofenceId', 'on'], {
      type: type('geofence'),
      geofenceId: uuid('The geofence.'),
      on: { type: 'string', enum: ['entered', 'dwelled'], description: 'Entering the geofence, or staying in it.' },
      duringOpeningHours: { type: 'boolean', description: "Only while the geofence's store is open." },
    }),
    [names.broadcast]: broadcastTrigger(type('broadcast')),
  };
}

function broadcastTrigger(type: Schema): Schema {
  const localOnly = 'When true, at is a wall time sent at that time in each recipient\'s time zone.';
  return object('Every member of the segment, now or at a time.', ['type', 'segmentId'], {
    type,
    segmentId: uuid('The segment whose members are enrolled.'),
    at: {
      type: 'string', pattern: AT_PATTERN,
      description: "When to send: an ISO-8601 date-time with an offset (2025-03-01T09:00:00Z), or a wall time YYYY-MM-DDTHH:MM in the business's (or, with recipientLocalTime, each recipient's) time zone. Absent: now.",
    },
    recipientLocalTime: { type: 'boolean', description: localOnly },
  }, {
    anyOf: [
      object('Sent now or at one instant.', [], { recipientLocalTime: { type: 'boolean', enum: [false], description: 'Absent or false.' } }, { additionalProperties: true }),
      object('Sent at a wall time in each recipient\'s time zone.', ['at'], { at: { type: 'string', pattern: WALL_TIME_PATTERN, description: 'A wall time YYYY-MM-DDTHH:MM without offset.' } }, { additionalProperties: true }),
    ],
  });
}

// id, type and the step's own fields; `next` on steps that continue.
function step(type: StepType, description: string, required: string[], properties: Schema, extra: Schema = {}): Schema {
  const linear = !['branch', 'split', 'exit'].includes(type);
  return object(description, ['id', 'type', ...required], {
    id: { type: 'string', pattern: STEP_ID_PATTERN.source, description: 'A slug unique within the campaign: a-z, 0-9, _ and -, not starting with _ or -, at most 63 characters.' },
    type: tag(type, `Step type ${type}.`),
    ...(linear ? { next: stepRef('The id of the step to continue to; absent ends the journey after this step.') } : {}),
    ...properties,
  }, extra);
}

function messageStepSchemas(): Record<string, Schema> {
  const { minOfferValidDays, maxOfferValidDays } = CAMPAIGN_LIMITS;
  return {
    [STEP_SCHEMA_NAMES.email]: step('email', 'Sends an email.', ['templateId'], { templateId: uuid('An email template of the business.'), offer: ref('CampaignOffer') }),
    [STEP_SCHEMA_NAMES.sms]: step('sms', 'Sends an SMS.', ['templateId'], { templateId: uuid('An SMS template of the business.'), offer: ref('CampaignOffer') }),
    CampaignOffer: object('A coupon: a unique code per enrolment (the prefix and a random part) is generated at send time.', ['couponPrefix', 'validDays'], {
      couponPrefix: { type: 'string', pattern: COUPON_PREFIX_PATTERN, description: '2 to 12 capital letters A-Z or digits.' },
      description: text('What the coupon gives, for the message.'),
      validDays: integer(minOfferValidDays, maxOfferValidDays, `Days the code stays valid, ${minOfferValidDays} to ${maxOfferValidDays}.`),
    }),
  };
}

function timingStepSchemas(): Record<string, Schema> {
  return {
    [STEP_SCHEMA_NAMES.wait]: step('wait', 'Waits for a duration.', ['duration'], {
      duration: duration('ISO-8601 duration in whole units (P3D, PT1H, PT30S), positive, at most 1 year.'),
    }),
    [STEP_SCHEMA_NAMES.waitUntil]: step('waitUntil', "Waits until the next localTime (on one of weekdays) in the customer's time zone.", ['localTime'], {
      localTime: localTime('HH:MM (24-hour).'),
      weekdays: { type: 'array', minItems: 1, maxItems: 7, uniqueItems: true, items: integer(1, 7, 'ISO weekday, 1 = Monday.'), description: 'Days allowed, each once; absent: any day.' },
    }),
  };
}

function flowStepSchemas(): Record<string, Schema> {
  const { minSplitBranches, maxSplitBranches } = CAMPAIGN_LIMITS;
  return {
    [STEP_SCHEMA_NAMES.branch]: step('branch', 'Goes to yes when the customer matches the condition, else to no.', ['condition', 'yes', 'no'], {
      condition: ref('BranchCondition'),
      yes: stepRef('The id of the step when the condition matches.'),
      no: stepRef('The id of the step otherwise.'),
    }),
    [STEP_SCHEMA_NAMES.split]: step('split', 'A/B test: each enrolment takes one branch at random, in proportion to the weights.', ['branches'], {
      branches: {
        type: 'array', minItems: minSplitBranches, maxItems: maxSplitBranches, items: ref('CampaignSplitBranch'),
        description: `${minSplitBranches} to ${maxSplitBranches} branches with distinct names.`,
      },
      autoWinner: ref('CampaignAutoWinner'),
    }),
    CampaignSplitBranch: object('One branch of a split.', ['weight', 'next'], {
      name: text('Variant name, unique within the split.'),
      weight: { type: 'number', minimum: 0, not: { enum: [0] }, description: 'Relative weight, greater than 0.' },
      next: stepRef('The id of the step this branch goes to.'),
    }),
    CampaignAutoWinner: object(
      'Picks a winner once the split has run minDuration and every variant has minSamplePerVariant recipients; later arrivals get it. Never on open rate. '
        + "A field left out takes the business's A/B default (settings.experiments) when the campaign is saved, and is stored with it.",
      [],
      {
        metric: { type: 'string', enum: [...AUTO_WINNER_METRICS], description: 'What the winner is chosen on.' },
        confidence: { type: 'number', minimum: 0.8, maximum: 0.999, description: 'Confidence required, 0.8 to 0.999.' },
        minSamplePerVariant: integer(1, 10_000_000, 'Recipients each variant needs first.'),
        minDuration: duration('ISO-8601 duration the experiment runs first, at most 1 year.'),
        expectedLift: {
          type: 'number', minimum: 0.01, maximum: 2,
          description: 'The relative lift the always-valid test is tuned to find fastest (its mixing standard deviation over the baseline), 0.01 to 2; 0.1 when left out.',
        },
      },
    ),
    [STEP_SCHEMA_NAMES.exit]: step('exit', 'Ends the journey.', [], {}),
  };
}

function updateStepSchemas(): Record<string, Schema> {
  const tags = (description: string, extra: Schema = {}): Schema => ({
    type: 'array', uniqueItems: true, items: text('A tag.'), description, ...extra,
  });
  // At least one tag or attribute changes.
  const change = (description: string, key: 'tags' | 'attributes', inner: Schema): Schema => object(description, [key], { [key]: inner }, { additionalProperties: true });
  return {
    [STEP_SCHEMA_NAMES.update]: step('update', "Changes the customer's tags and attributes (at least one change).", [], {
      tags: ref('CampaignTagChanges'),
      attributes: ref('CampaignAttributeChanges'),
    }, {
      anyOf: [
        change('Adds a tag.', 'tags', object('Tags with something to add.', ['add'], { add: tags('At least one tag.', { minItems: 1 }) }, { additionalProperties: true })),
        change('Removes a tag.', 'tags', object('Tags with something to remove.', ['remove'], { remove: tags('At least one tag.', { minItems: 1 }) }, { additionalProperties: true })),
        change('Sets or removes an attribute.', 'attributes', { type: 'object', minProperties: 1, additionalProperties: true, description: 'At least one attribute.' }),
      ],
    }),
    CampaignTagChanges: object('Tags to add and remove; a tag cannot be in both.', [], {
      add: tags('Tags to add, each once.'),
      remove: tags('Tags to remove, each once.'),
    }),
    CampaignAttributeChanges: {
      type: 'object',
      description: 'Attribute values to set by name (1 to 256 characters); null removes the attribute.',
      additionalProperties: {
        description: 'A string, a number, a boolean, or null to remove the attribute.',
        anyOf: [
          { type: 'string', nullable: true, minLength: 1, maxLength: MAX_TEXT, description: 'Text (1 to 256 characters), or null to remove the attribute.' },
          { type: 'number', description: 'A number.' },
          { type: 'boolean', description: 'A boolean.' },
        ],
      },
    },
  };
}

function settingSchemas(): Record<string, Schema> {
  const { maxWaitYears, maxReentryYears } = CAMPAIGN_LIMITS;
  const within = duration(`ISO-8601 duration from enrolment, positive, at most ${maxWaitYears} year.`);
  return {
    CampaignGoal: discriminated('Reaching the goal ends the enrolment as converted.', 'type', { order: 'CampaignOrderGoal', event: 'CampaignEventGoal' }),
    CampaignOrderGoal: object('An order within the window.', ['type', 'within'], { type: tag('order', 'Goal type order.'), within }),
    CampaignEventGoal: withEventTypeAlternatives('An event of a type within the window.', tag('event', 'Goal type event.'), (naming, key) =>
      object(`The event type given as ${key}.`, ['type', key, 'within'], { type: tag('event', 'Goal type event.'), ...naming, within })),
    CampaignReentry: discriminated('Whether a customer may enrol again. Default never.', 'policy', { never: 'CampaignReentryNever', after: 'CampaignReentryAfter' }),
    CampaignReentryNever: object('Once per customer.', ['policy'], { policy: tag('never', 'Never again.') }),
    CampaignReentryAfter: object('Again once the cool-down has passed since the last enrolment.', ['policy', 'after'], {
      policy: tag('after', 'After a cool-down.'),
      after: duration(`ISO-8601 duration, positive, at most ${maxReentryYears} years.`),
    }),
  };
}

// An abandoned-cart journey with every kind of step.
const CAMPAIGN_EXAMPLE = {
  name: 'Abandoned cart',
  trigger: { type: 'event', eventType: 'cart_abandoned', where: [{ field: 'value', op: 'gte', value: 20 }] },
  entry: { type: 'consent', channel: 'email', status: 'granted' },
  steps: [
    { id: 'wait-1h', type: 'wait', duration: 'PT1H', next: 'ordered' },
    { id: 'ordered', type: 'branch', condition: { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true }, yes: 'done', no: 'email' },
    { id: 'email', type: 'email', templateId: EXAMPLE_IDS.emailTemplate, offer: { couponPrefix: 'CART10', description: '10% off', validDays: 7 }, next: 'split' },
    { id: 'split', type: 'split', branches: [{ name: 'A', weight: 50, next: 'sms' }, { name: 'B', weight: 50, next: 'morning' }], autoWinner: { metric: 'conversion_rate' } },
    { id: 'morning', type: 'waitUntil', localTime: '09:30', weekdays: [1, 2, 3, 4, 5], next: 'sms' },
    { id: 'sms', type: 'sms', templateId: EXAMPLE_IDS.smsTemplate, next: 'tag' },
    { id: 'tag', type: 'update', tags: { add: ['cart-reminded'] }, next: 'done' },
    { id: 'done', type: 'exit' },
  ],
  goal: { type: 'order', within: 'P7D' },
  holdoutPercent: 10,
  reentry: { policy: 'after', after: 'P1D' },
  priority: 'high',
};

/**
 * OpenAPI 3.0 schemas of the campaign bodies (`POST /v1/campaigns`, `PATCH /v1/campaigns/:id`,
 * `POST /v1/campaigns/from-preset`), keyed by component name. They accept what `validateCampaign`
 * (and, for presets, `buildPreset`) accept as far as a schema can say it; conditions are the
 * segmentation components (`SegmentDefinition`, `BranchCondition`, `SegmentPropertyCondition`),
 * referenced, not repeated. `campaign-definition.schema.spec.ts` runs both on the same bodies.
 *
 * What only the validator checks (a body the schema accepts may still be refused):
 * - the journey as a graph: step ids unique, every `next` / `yes` / `no` / `branches[].next` names a
 *   step, every step reachable from `steps[0]`, every loop passes a wait or waitUntil step;
 * - references: templates, segments, geofences (and stores inside conditions) exist in the business,
 *   email steps use email templates and SMS steps SMS ones, the audience has addresses / phones;
 * - durations: at most 1 year (waits, goal windows, `autoWinner.minDuration`) or 10 years (re-entry),
 *   a year counted as 365 days and a month as 30;
 * - `holdoutPercent` has at most one decimal (`multipleOf: 0.1` is misjudged in binary floating
 *   point, e.g. ajv refuses 0.3, so it is left out);
 * - broadcast `at`: the calendar date exists (no 2025-02-29) and an instant's clock is valid;
 * - split branch names unique; a tag in both `add` and `remove`; attribute names 1–256 characters
 *   (OpenAPI 3.0 has no `propertyNames`);
 * - lengths: the validator counts UTF-16 code units, JSON Schema counts characters, so a string of
 *   emoji may pass `maxLength` and still be refused;
 * - the size of entry and branch conditions (depth, number of conditions);
 * - a PATCH body is validated merged into the stored definition, so its verdict depends on that too.
 * There is no rule on the sum of split weights: they are relative. The other way round, durations
 * luxon reads oddly (`-P-1D` is one day, `P-0DT1S`, `PT1.-5S`) pass the validator but not the pattern.
 */
export const CAMPAIGN_SCHEMAS: Readonly<Record<string, Record<string, unknown>>> = Object.freeze(buildSchemas());
