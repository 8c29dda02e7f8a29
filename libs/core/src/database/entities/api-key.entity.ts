import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type Role = 'owner' | 'marketer' | 'analyst';
export const ROLES: readonly Role[] = ['owner', 'marketer', 'analyst'];

@Entity({ name: 'api_key' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'business_id' }) businessId: string;
  @Column('text') name: string;
  @Column('text') role: Role;
  @Column('text') prefix: string;
  @Column('text', { name: 'secret_hash' }) secretHash: string;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}
