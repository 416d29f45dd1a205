/**
 * 国内出差 as published by the attendance module (contract: .helpers/contracts.md A). The attendance
 * module is built on another branch at the same time, so its shapes are declared here and its events
 * are read by type name (projections/expenses keeps the claimable trips per traveller).
 */
import type { DomainEvent } from '../shared/decider';

/** contract: .helpers/contracts.md A — appended on the trip application's own stream when approved. */
export type TripApproved = DomainEvent<
  'TripApproved',
  {
    tripId: string;
    personId: string;
    /** user ids */
    companions: string[];
    /** cities */
    destinations: string[];
    startDate: string;
    endDate: string;
    purpose: string;
    transport: string;
  }
>;
export const TRIP_APPROVED = 'TripApproved' as const;
