export { SenderConfirmationModule } from './sender-confirmation.module';
export { SenderSettingsService, type SettingsView } from './sender-settings.service';
export { composeConfirmationMail, confirmationUrl, SENDER_CONFIRMATION_HEADER, type ConfirmationMailInput } from './sender-confirmation-mail';
