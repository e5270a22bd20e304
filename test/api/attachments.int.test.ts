import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let agent: string;
let ticketId: string;
beforeAll(async () => {
  t = await createTestApp({ ATTACHMENT_MAX_BYTES: '2048' });
  agent = t.tenantA.tokens.agent;
  ticketId = (await t.call(agent, 'POST', '/api/v1/tickets', { subject: '照片', description: '附件测试' })).json().id;
});
afterAll(async () => t.close());

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);

function multipart(filename: string, type: string, content: Buffer) {
  const boundary = '----loopdesk-test';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function upload(filename: string, type: string, content: Buffer, token = agent, id = ticketId) {
  const body = multipart(filename, type, content);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${id}/attachments`,
    payload: body.payload,
    headers: { authorization: `Bearer ${token}`, 'content-type': body.contentType },
  });
}

describe('attachments', () => {
  it('stores a file by its content hash and serves it as a download with a safe name', async () => {
    const response = await upload('../../etc/现场照片\u202e.png', 'image/png', PNG);
    expect(response.statusCode).toBe(201);
    const row = response.json();
    expect(row.filename).toBe('现场照片.png');
    expect(row.size).toBe(PNG.length);
    const again = await upload('copy.png', 'image/png', PNG);
    expect(again.json().sha256).toBe(row.sha256);
    const download = await t.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticketId}/attachments/${row.id}`,
      headers: { authorization: `Bearer ${agent}` },
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PNG)).toBe(true);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="____.png"; filename*=UTF-8''${encodeURIComponent('现场照片.png')}`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    const comment = await t.call(agent, 'POST', `/api/v1/tickets/${ticketId}/comments`, {
      body: '见附件',
      public: true,
      attachmentIds: [row.id],
    });
    expect(comment.json().attachmentIds).toEqual([row.id]);
  });

  it('refuses types not on the list, content that lies about its type, and files over the limit', async () => {
    expect((await upload('x.html', 'text/html', Buffer.from('<script>alert(1)</script>'))).json().code).toBe(
      'ATTACHMENT_TYPE_REFUSED',
    );
    expect((await upload('x.png', 'image/png', Buffer.from('<svg onload=alert(1)>'))).json().code).toBe(
      'ATTACHMENT_TYPE_REFUSED',
    );
    const big = await upload('big.txt', 'text/plain', Buffer.alloc(4096, 65));
    expect(big.statusCode).toBe(413);
    const timeline = (await t.call(agent, 'GET', `/api/v1/tickets/${ticketId}/timeline`)).json();
    expect(timeline.attachments.map((a: { filename: string }) => a.filename)).not.toContain('big.txt');
  });

  it('does not let another ticket cite the file', async () => {
    const file = (await upload('a.txt', 'text/plain', Buffer.from('hello'))).json();
    const other = (await t.call(agent, 'POST', '/api/v1/tickets', { subject: 'other', description: '' })).json();
    const cite = await t.call(agent, 'POST', `/api/v1/tickets/${other.id}/comments`, {
      body: 'x',
      public: true,
      attachmentIds: [file.id],
    });
    expect(cite.statusCode).toBe(400);
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${other.id}/attachments/${file.id}`,
      headers: { authorization: `Bearer ${agent}` },
    });
    expect(read.statusCode).toBe(404);
  });
});
