/**
 * Addresses SES reported as failing: one item per address in the FAILING partition, keyed by
 * the address's hash, with the time of its latest hard bounce, transient bounce and complaint.
 * Operators list them (`npm run people`); digests skip hard-bounced addresses.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { AddressFailure, FailureKind } from '#shared/domain/delivery';
import { failingAddressDays } from '#shared/domain/retention';
import { sha256Hex } from '#shared/domain/secrets';

/** What is known of a failing address: the latest report of each kind, and how many reports in all. */
export interface FailingAddress {
  address: string;
  reports: number;
  latest: FailureKind;
  hardBounceAt?: string;
  transientBounceAt?: string;
  complaintAt?: string;
  detail?: string;
}

const timeOf: Record<FailureKind, 'hardBounceAt' | 'transientBounceAt' | 'complaintAt'> = {
  'hard-bounce': 'hardBounceAt',
  'transient-bounce': 'transientBounceAt',
  complaint: 'complaintAt',
};

export class FailingAddresses {
  constructor(private readonly table: TableCore) {}

  /** Records one report: the time of its kind, the kind as the latest, and one more report. */
  async record(failure: AddressFailure): Promise<void> {
    const address = failure.address.toLowerCase();
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.failingAddress(sha256Hex(address)),
        UpdateExpression:
          'SET entity = :entity, address = :address, latest = :kind, #at = :at, #ttl = :ttl, reports = if_not_exists(reports, :zero) + :one' +
          (failure.detail ? ', detail = :detail' : ''),
        ExpressionAttributeNames: { '#at': timeOf[failure.kind], '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':entity': 'failing-address',
          ':address': address,
          ':kind': failure.kind,
          ':at': failure.at,
          ':ttl': Math.floor(Date.parse(failure.at) / 1000) + failingAddressDays * 86_400,
          ':zero': 0,
          ':one': 1,
          ...(failure.detail ? { ':detail': failure.detail } : {}),
        },
      }),
    );
  }

  async list(): Promise<FailingAddress[]> {
    return (await this.table.queryPartition(keys.failingAddressPartition)).map((item) => ({
      address: String(item.address),
      reports: Number(item.reports ?? 0),
      latest: item.latest as FailureKind,
      ...(item.hardBounceAt ? { hardBounceAt: String(item.hardBounceAt) } : {}),
      ...(item.transientBounceAt ? { transientBounceAt: String(item.transientBounceAt) } : {}),
      ...(item.complaintAt ? { complaintAt: String(item.complaintAt) } : {}),
      ...(item.detail ? { detail: String(item.detail) } : {}),
    }));
  }

  /** The addresses SES reported a hard bounce for: no email reaches them. */
  async hardBounced(): Promise<Set<string>> {
    return new Set((await this.list()).filter((failing) => failing.hardBounceAt !== undefined).map((failing) => failing.address));
  }
}
