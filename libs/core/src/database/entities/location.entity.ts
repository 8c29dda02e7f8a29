import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { PostalAddress } from './business.entity';

/** Weekly opening hours: weekday (mon..sun) to a list of [open, close] "HH:mm" ranges. */
export type OpeningHours = Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>>;

@Entity({ name: 'location' })
export class LocationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'business_id' }) businessId: string;
  @Column('text') name: string;
  @Column('jsonb', { nullable: true }) address: PostalAddress | null;
  @Column('double precision', { nullable: true }) lat: number | null;
  @Column('double precision', { nullable: true }) lng: number | null;
  @Column('text', { nullable: true }) timezone: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('jsonb', { name: 'opening_hours', nullable: true }) openingHours: OpeningHours | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
}
