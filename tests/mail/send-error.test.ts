import { describe, expect, it } from 'vitest';
import { describeSendError } from '../../core/mail/send-error.js';

describe('describeSendError', () => {
  it('keeps the error code, the SMTP reply code and the message', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' });
    expect(describeSendError(error)).toBe('ESOCKET: connect ECONNREFUSED 127.0.0.1:2525');
    const rejected = Object.assign(new Error('Message failed: 451 4.3.0 try later'), { code: 'EMESSAGE', responseCode: 451 });
    expect(describeSendError(rejected)).toBe('EMESSAGE 451: Message failed: 451 4.3.0 try later');
  });

  it('masks addresses, blanks code-like digit runs and drops URL credentials', () => {
    const error = new Error(
      'Can\'t send mail - all recipients were rejected: 550 5.1.1 <anna.k@example.com>: no such user; body said 482913; via smtp://user:s3cret@mail.example.com:587',
    );
    const text = describeSendError(error);
    expect(text).toContain('<a***k@example.com>');
    expect(text).not.toContain('anna.k@');
    expect(text).not.toContain('482913');
    expect(text).not.toContain('s3cret');
    expect(text).toContain('smtp://mail.example.com:587');
  });

  it('stays short and copes with things that are not errors', () => {
    expect(describeSendError(new Error('x'.repeat(5_000))).length).toBeLessThanOrEqual(300);
    expect(describeSendError('plain text')).toBe('plain text');
    expect(describeSendError(undefined)).toBe('undefined');
  });
});
