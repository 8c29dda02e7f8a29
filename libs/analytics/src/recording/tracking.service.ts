import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, CLOCK, verifyTrackingToken, type AppConfig, type Clock } from '@localreach/core';
import { EngagementRecorder } from './engagement-recorder';
import type { MessageFacts } from './engagement.types';
import { MessageFactsCache } from './message-facts.cache';

// Longer agents are cut: the classifier needs the product tokens at the start.
const MAX_AGENT_LENGTH = 512;
const HTTP_URL = /^https?:\/\//i;

const agentOf = (userAgent: string | undefined): string | null => (userAgent ? userAgent.slice(0, MAX_AGENT_LENGTH) : null);

/**
 * The open pixel and click redirect. Tokens are checked (HMAC, kind) before
 * anything else; a valid hit is queued on the recorder and answered at once.
 * An open needs no read at all; a click reads the message's links, usually
 * from memory, and redirects only to the URL recorded when the message was
 * sent, so a token can never point anywhere else.
 */
@Injectable()
export class TrackingService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly recorder: EngagementRecorder,
    private readonly messages: MessageFactsCache,
  ) {}

  /** Whether a token is a valid open token (for requests that must not record, such as HEAD). */
  isOpenToken(token: string): boolean {
    return verifyTrackingToken(this.config.trackingSecret, token)?.kind === 'open';
  }

  /** Records an open; false when the token is not a valid open token (the caller answers 404). */
  recordOpen(token: string, userAgent: string | undefined): boolean {
    const payload = verifyTrackingToken(this.config.trackingSecret, token);
    if (!payload || payload.kind !== 'open') return false;
    this.recorder.record({ messageId: payload.messageId, type: 'opened', occurredAt: this.clock.now(), userAgent: agentOf(userAgent), link: null, url: null });
    return true;
  }

  /**
   * The URL a click token leads to, with the click recorded (unless `record`
   * is false); null when the token is not a valid click token or its message
   * or link is unknown.
   */
  async resolveClick(token: string, userAgent: string | undefined, options: { record: boolean } = { record: true }): Promise<string | null> {
    return this.clickTarget(token, userAgent, options);
  }

  /**
   * As `resolveClick`, but answered at once (no promise) when the token is
   * invalid or its message is in memory, as it usually is: the redirect's hot
   * path, where every promise counts.
   */
  clickTarget(token: string, userAgent: string | undefined, options: { record: boolean } = { record: true }): string | null | Promise<string | null> {
    const payload = verifyTrackingToken(this.config.trackingSecret, token);
    if (!payload || payload.kind !== 'click' || payload.link === undefined) return null;
    const click = { messageId: payload.messageId, link: payload.link, userAgent, record: options.record };
    const cached = this.messages.peek(payload.messageId);
    return cached ? this.recordClick(click, cached) : this.messages.get(payload.messageId).then((message) => this.recordClick(click, message));
  }

  private recordClick(click: { messageId: string; link: number; userAgent: string | undefined; record: boolean }, message: MessageFacts | undefined): string | null {
    const url = message?.links?.[click.link];
    if (typeof url !== 'string' || !HTTP_URL.test(url)) return null;
    if (click.record) {
      this.recorder.record({ messageId: click.messageId, type: 'clicked', occurredAt: this.clock.now(), userAgent: agentOf(click.userAgent), link: click.link, url });
    }
    return url;
  }
}
