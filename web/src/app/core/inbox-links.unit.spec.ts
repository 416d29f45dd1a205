import { describe, expect, it } from 'vitest';
import { isBatchable, outgoingDocumentOf, rowLink } from './inbox-links';

describe('inbox row links', () => {
  it("opens a row on the page its module gave it (the API's link), with that link's query", () => {
    const raw = { definitionKey: 'incoming-document', processId: 'in-7', taskId: 'in-7:sign:u1', link: '/documents/incoming/in-7' };
    expect(rowLink(raw, 'todo')).toEqual({ path: '/documents/incoming/in-7', query: {}, resolveOutgoing: false });
    expect(rowLink(raw, 'done').path).toBe('/documents/incoming/in-7');
    expect(rowLink({ definitionKey: 'meeting', processId: 'm1', taskId: 'm1:x', link: '/meetings/m1?tab=agenda' }, 'todo')).toEqual({
      path: '/meetings/m1',
      query: { tab: 'agenda' },
      resolveOutgoing: false,
    });
    // not an app path: the process page
    expect(rowLink({ definitionKey: 'leave', processId: 'p3', taskId: 't3', link: 'https://evil.example/x' }, 'todo').path).toBe(
      '/processes/p3',
    );
  });

  it('uses a document link from the API, else the process page (with the task while it is open)', () => {
    expect(rowLink({ definitionKey: 'outgoing-document', processId: 'p1', taskId: 't1', link: '/documents/outgoing/d9' }, 'todo')).toEqual({
      path: '/documents/outgoing/d9',
      query: {},
      resolveOutgoing: false,
    });
    expect(rowLink({ definitionKey: 'outgoing-document', processId: 'p1', taskId: 't1', link: '/processes/p1?task=t1' }, 'todo')).toEqual({
      path: '/processes/p1',
      query: { task: 't1' },
      resolveOutgoing: true,
    });
    expect(rowLink({ definitionKey: 'leave', processId: 'p2', taskId: 't2', link: '/processes/p2?task=t2' }, 'todo')).toEqual({
      path: '/processes/p2',
      query: { task: 't2' },
      resolveOutgoing: false,
    });
    expect(rowLink({ definitionKey: 'leave', processId: 'p2', taskId: 't2', link: '/processes/p2' }, 'done').query).toEqual({});
  });

  it('finds the outgoing document of a 发文 process from its subject', () => {
    expect(outgoingDocumentOf({ subject: { type: 'outgoing-document', id: 'd 1' } })).toBe('/documents/outgoing/d%201');
    expect(outgoingDocumentOf({ subject: null })).toBeNull();
    expect(outgoingDocumentOf({ subject: { type: 'contract', id: 'c' } })).toBeNull();
  });

  it('offers batch approve for workflow approvals only', () => {
    expect(isBatchable({ taskKind: 'approval' })).toBe(true);
    expect(isBatchable({ taskKind: 'sign' })).toBe(false);
    expect(isBatchable({ taskKind: 'read' })).toBe(false);
    expect(isBatchable({ taskKind: 'resubmit' })).toBe(false);
    expect(isBatchable({ taskKind: null })).toBe(true);
  });
});
