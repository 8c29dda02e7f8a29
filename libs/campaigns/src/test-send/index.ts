export { TestSendModule } from './test-send.module';
export { TestSendService, TEST_SENDS_PER_HOUR, type TestSendRequest, type TestSendResult } from './test-send.service';
export { TEST_HEADER, TEST_PREFIX, testRecipient, assembleTestEmail, assembleTestSms } from './test-message';
