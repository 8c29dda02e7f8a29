export const TEMPLATE_CHANNELS = ['email', 'sms'] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

/**
 * An email template. `text` is optional: when absent, the plain-text part is
 * derived from the rendered html (tags stripped, links kept as "text (url)").
 */
export interface EmailTemplate {
  channel: 'email';
  subject: string;
  /** The inbox's preview line after the subject: rendered escaped into a hidden element at the top of the html. */
  preheader?: string;
  html: string;
  text?: string;
}

/** An SMS template. The sender appends the STOP text, not the template. */
export interface SmsTemplate {
  channel: 'sms';
  body: string;
}

/** A validated message template: Handlebars sources per channel. */
export type Template = EmailTemplate | SmsTemplate;

/** The source fields a template may carry, for every channel. */
export const TEMPLATE_FIELDS: Record<TemplateChannel, readonly string[]> = {
  email: ['channel', 'subject', 'preheader', 'html', 'text'],
  sms: ['channel', 'body'],
};

export const TEMPLATE_LIMITS = {
  /** RFC 5322 line length limit, counted in characters of the template source. */
  subjectMaxChars: 998,
  /** Inboxes show about 100 characters of it. */
  preheaderMaxChars: 255,
  /** UTF-8 bytes; also applies to an explicit `text`. */
  htmlMaxBytes: 512 * 1024,
  /** Twilio's limit for one message body (it splits it into segments). */
  smsBodyMaxChars: 1600,
} as const;

/**
 * Partials registered in every renderer. Email html may wrap its content in
 * `{{#> layout}}...{{/layout}}`; the layout adds the business name, the postal
 * address footer and the unsubscribe link.
 */
export const TEMPLATE_PARTIALS = ['layout'] as const;
export type TemplatePartialName = (typeof TEMPLATE_PARTIALS)[number];
export type TemplatePartials = Record<TemplatePartialName, string>;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface RenderedSms {
  body: string;
}

export type RenderedTemplate = RenderedEmail | RenderedSms;
