export { DevOutboxModule } from './dev-outbox.module';
export { DevOutboxService, type OutboxEmail, type OutboxPage, type OutboxSms } from './dev-outbox.service';
