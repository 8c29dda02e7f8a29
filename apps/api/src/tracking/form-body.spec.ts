import { parseMultipartForm } from './form-body';

const form = (boundary: string, parts: string[]) => Buffer.from(`${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`);

describe('parseMultipartForm', () => {
  it('reads the RFC 8058 one-click field', () => {
    const body = form('XyZ', ['Content-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click']);
    expect(parseMultipartForm(body, 'multipart/form-data; boundary=XyZ')).toEqual({ 'List-Unsubscribe': 'One-Click' });
  });

  it('reads several fields, a quoted boundary, and keeps the first of a repeated field', () => {
    const body = form('----b 1', [
      'Content-Disposition: form-data; name="action"\r\n\r\npreferences',
      'Content-Disposition: form-data; name="email"\r\nContent-Type: text/plain\r\n\r\non',
      'Content-Disposition: form-data; name="email"\r\n\r\noff',
      'Content-Disposition: form-data; name="upload"; filename="a.txt"\r\n\r\nfile body',
    ]);
    expect(parseMultipartForm(body, 'multipart/form-data; boundary="----b 1"')).toEqual({ action: 'preferences', email: 'on' });
  });

  it('is undefined without a boundary and empty for a body without parts', () => {
    expect(parseMultipartForm(Buffer.from('List-Unsubscribe=One-Click'), 'multipart/form-data')).toBeUndefined();
    expect(parseMultipartForm(Buffer.from('List-Unsubscribe=One-Click'), 'multipart/form-data; boundary=zz')).toBeUndefined();
    expect(parseMultipartForm(Buffer.from('--zz--\r\n'), 'multipart/form-data; boundary=zz')).toEqual({});
  });
});
