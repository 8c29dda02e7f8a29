import { parseSmsKeyword } from './sms-keywords';

describe('parseSmsKeyword', () => {
  it.each(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'])('%s opts out', (word) => {
    expect(parseSmsKeyword(word)).toEqual({ action: 'opt_out', keyword: word });
  });

  it.each(['START', 'UNSTOP', 'YES'])('%s opts back in', (word) => {
    expect(parseSmsKeyword(word)).toEqual({ action: 'opt_in', keyword: word });
  });

  it.each(['HELP', 'INFO'])('%s asks for help', (word) => {
    expect(parseSmsKeyword(word)).toEqual({ action: 'help', keyword: word });
  });

  it('ignores case, surrounding whitespace and closing punctuation', () => {
    expect(parseSmsKeyword('  stop \n')).toEqual({ action: 'opt_out', keyword: 'STOP' });
    expect(parseSmsKeyword('Stop.')).toEqual({ action: 'opt_out', keyword: 'STOP' });
    expect(parseSmsKeyword('uNsToP!')).toEqual({ action: 'opt_in', keyword: 'UNSTOP' });
    expect(parseSmsKeyword('help?')).toEqual({ action: 'help', keyword: 'HELP' });
  });

  it('is the whole message or nothing', () => {
    for (const body of ['stop texting me', 'please stop', 'STOP STOP', 'S T O P', 'yes please', 'STOPP', '', '   ', 'constructor', 'toString']) {
      expect({ body, keyword: parseSmsKeyword(body) }).toEqual({ body, keyword: null });
    }
    expect(parseSmsKeyword(undefined)).toBeNull();
    expect(parseSmsKeyword(null)).toBeNull();
  });
});
