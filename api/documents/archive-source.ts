import type { DocumentCommands } from '../../commands/documents/document-commands';
import type { InstanceEvent } from '../../domain/workflow/instance.events';
import {
  incomingMaterial,
  outgoingMaterial,
  type ArchiveMaterial,
  type ArchiveMaterialSource,
} from '../../reports/documents/archive-package';
import type { SlipEntry } from '../../reports/documents/slip';
import type { Platform } from '../platform';

/**
 * What the archive package (DA/T 22) is built from: the document's folded state and, for 发文, every
 * opinion of its approval process — read from the process stream itself, so the 办文单 carries each
 * handwritten signature exactly as it was recorded.
 */
export function archiveMaterialSource(p: Pick<Platform, 'store' | 'directory'>, docs: () => DocumentCommands): ArchiveMaterialSource {
  return {
    async load(documentId: string, direction: 'outgoing' | 'incoming'): Promise<ArchiveMaterial> {
      if (direction === 'incoming') return incomingMaterial(await docs().loadIncoming(documentId));
      const s = await docs().loadOutgoing(documentId);
      const org = await p.directory.snapshot();
      const nameOf = (id: string | null) => (id ? (org.users.get(id)?.name ?? id) : null);
      const opinions: SlipEntry[] = [];
      if (s.processId) {
        const nodeOfTask = new Map<string, string>();
        for (const e of await p.store.readStream(`process-${s.processId}`)) {
          const ev = e as unknown as InstanceEvent;
          switch (ev.type) {
            case 'TaskAssigned':
              nodeOfTask.set(ev.data.taskId, ev.data.nodeName);
              break;
            case 'TaskApproved':
            case 'TaskReturned':
            case 'TaskRejected':
              opinions.push({
                stage: nodeOfTask.get(ev.data.taskId) ?? ev.data.nodeId,
                actorName: nameOf(ev.data.actorId) ?? ev.data.actorId,
                onBehalfOf: nameOf(ev.data.onBehalfOf),
                opinion:
                  ev.type === 'TaskApproved' ? ev.data.opinion : `${ev.type === 'TaskReturned' ? '退回' : '不同意'}：${ev.data.opinion}`,
                at: ev.data.at,
                strokes: ev.type === 'TaskApproved' ? ev.data.signature : null,
              });
              break;
            default:
              break;
          }
        }
      }
      const unitName = org.units.get(s.unitId)?.name ?? s.unitId;
      return outgoingMaterial(s, unitName, opinions);
    },
  };
}
