/** The answers of the 资产 API the web reads, as JSON Schemas (route `response:`; `npm run api:types` generates the web's types). */
import { closed, type Schema } from '../http/schemas';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const any = {} as const;

const ASSET_ROW = closed({
  id: str,
  assetNo: str,
  name: str,
  specification: str,
  categoryCode: str,
  categoryName: str,
  unitId: str,
  unitName: strOrNull,
  departmentId: strOrNull,
  departmentName: strOrNull,
  custodianId: strOrNull,
  custodianName: strOrNull,
  location: str,
  originalValue: { ...int, description: '原值（分）' },
  acquisitionDate: str,
  status: str,
  statusLabel: str,
  inTransit: bool,
  loanDue: strOrNull,
});

export const assetListSchema: Schema = closed({ items: { type: 'array', items: ASSET_ROW }, page: int, pageSize: int, total: int });

const CATEGORY = closed({ code: str, name: str, usefulLifeMonths: int });
const VALUE = closed({ onBooks: bool, originalValue: int, accumulatedDepreciation: int, netValue: int, monthsDepreciated: int });

export const assetViewSchema: Schema = closed({
  id: str,
  assetNo: str,
  status: { type: 'string', enum: ['in_stock', 'in_use', 'lent', 'disposed'] },
  statusLabel: str,
  inTransit: bool,
  category: CATEGORY,
  card: closed({
    name: str,
    specification: str,
    serialNumber: str,
    quantity: int,
    measureUnit: str,
    originalValue: int,
    acquisitionDate: str,
    fundingSource: str,
    supplier: str,
    warrantyEnd: str,
    location: str,
    photos: { type: 'array', items: str },
  }),
  custody: closed({
    unitId: str,
    departmentId: strOrNull,
    custodianId: strOrNull,
    unitName: strOrNull,
    departmentName: strOrNull,
    custodianName: strOrNull,
  }),
  loan: {
    oneOf: [
      { type: 'null' },
      closed({ borrowerId: str, borrowerDepartmentId: strOrNull, dueDate: str, overdueNotified: bool, borrowerName: strOrNull }),
    ],
  },
  transfer: {
    oneOf: [
      { type: 'null' },
      closed({
        transferId: str,
        processId: str,
        to: closed({ unitId: str, departmentId: strOrNull, custodianId: strOrNull }),
        stage: { type: 'string', enum: ['approving', 'in_transit'] },
        giverId: strOrNull,
        receiverId: strOrNull,
        handedOver: bool,
        toUnitName: strOrNull,
        toDepartmentName: strOrNull,
        giverName: strOrNull,
        receiverName: strOrNull,
      }),
    ],
  },
  disposal: {
    oneOf: [
      { type: 'null' },
      closed({
        disposalId: str,
        processId: str,
        method: str,
        level: { type: 'string', enum: ['unit', 'leader', 'finance'] },
        stage: { type: 'string', enum: ['approving', 'approved'] },
      }),
    ],
  },
  disposedOn: strOrNull,
  repairs: { type: 'array', items: closed({ repairId: str, fault: str, open: bool, cost: int, vendor: str, outcome: strOrNull }) },
  value: VALUE,
  valueDate: str,
  timeline: {
    type: 'array',
    items: closed({ type: str, at: str, actorId: str, actorName: str, onBehalfOf: strOrNull, onBehalfOfName: strOrNull, data: any }),
  },
  allowedActions: {
    type: 'array',
    items: {
      type: 'string',
      enum: [
        'issue',
        'return',
        'lend',
        'returnLoan',
        'repair',
        'completeRepair',
        'changeCategory',
        'transfer',
        'handOver',
        'accept',
        'dispose',
        'completeDisposal',
      ],
    },
  },
});
