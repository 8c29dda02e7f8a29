import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'audit_log' })
export class AuditLogEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('uuid', { name: 'business_id' }) businessId: string;
  @Column('uuid', { name: 'actor_key_id', nullable: true }) actorKeyId: string | null;
  @Column('text') action: string;
  @Column('text') entity: string;
  @Column('text', { name: 'entity_id', nullable: true }) entityId: string | null;
  @Column('jsonb', { default: {} }) details: Record<string, unknown>;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
}
