import type { GeoJsonPolygon } from '../segment-definition';

/** A customer as the in-memory evaluator reads it (one business's data). */
export interface EvalCustomer {
  id: string;
  externalId: string | null;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  /** YYYY-MM-DD */
  birthday: string | null;
  timezone: string | null;
  lat: number | null;
  lng: number | null;
  attributes: Record<string, unknown>;
  tags: string[];
  consent: { email: 'granted' | 'denied' | null; sms: 'granted' | 'denied' | null; location: 'granted' | 'denied' | null };
  nearestLocationId: string | null;
  createdAt: Date;
  updatedAt: Date;
  erasedAt: Date | null;
}

export interface EvalEvent {
  customerId: string;
  type: string;
  properties: Record<string, unknown>;
  occurredAt: Date;
}

export interface EvalOrder {
  customerId: string;
  /** At most two decimals, as stored in numeric(14, 2). */
  total: number;
  occurredAt: Date;
}

export interface EvalStore {
  id: string;
  lat: number | null;
  lng: number | null;
  deletedAt: Date | null;
}

export interface EvalGeofence {
  id: string;
  kind: 'circle' | 'polygon';
  centerLat: number | null;
  centerLng: number | null;
  radiusM: number | null;
  polygon: GeoJsonPolygon | null;
  deletedAt: Date | null;
}

export interface EvalMessage {
  customerId: string;
  campaignId: string | null;
  sentAt: Date | null;
}

export interface EvalEngagement {
  customerId: string;
  campaignId: string | null;
  type: string;
  occurredAt: Date;
}

export interface EvaluationData {
  customers: EvalCustomer[];
  events: EvalEvent[];
  orders: EvalOrder[];
  stores: EvalStore[];
  geofences: EvalGeofence[];
  messages: EvalMessage[];
  engagements: EvalEngagement[];
}
