/**
 * The table actions a function may be granted, and the grants two functions share. The CDK
 * grants exactly the actions a definition lists, each kind held to the partitions it names.
 */

/** Reads that IAM can hold to partitions (`dynamodb:LeadingKeys`); a Scan has no leading key, so no function gets one. */
export const readActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] as const;
export type ReadAction = (typeof readActions)[number];
export type WriteAction = (typeof writeActions)[number];
/** The table actions a function may use; the CDK grants exactly these and nothing else. */
export type TableAction = ReadAction | WriteAction;

export const isReadAction = (action: string): action is ReadAction => (readActions as readonly string[]).includes(action);
export const isWriteAction = (action: string): action is WriteAction => (writeActions as readonly string[]).includes(action);

/** Partition key patterns: `*` matches any run of characters, as in IAM's StringLike. */
type Partitions = readonly [string, ...string[]];

/**
 * A function that reads must name the partitions it reads, and one that writes those it
 * writes: IAM holds each kind of action to its partitions with `dynamodb:LeadingKeys`, so a
 * public page cannot read tokens, sessions, people or the outbox, and no stream consumer can
 * write an update.
 */
export type ReadGrant = { tableActions: readonly WriteAction[]; readPartitions?: never } | { tableActions: readonly TableAction[]; readPartitions: Partitions };
export type WriteGrant =
  | { tableActions: readonly ReadAction[]; writePartitions?: never; createPartitions?: never }
  | { tableActions: readonly TableAction[]; writePartitions: Partitions; createPartitions?: Partitions }
  | { tableActions: readonly TableAction[]; writePartitions?: never; createPartitions: Partitions };

/**
 * Partitions a function may only add items to (`createPartitions`): IAM grants PutItem alone on
 * them, never UpdateItem or DeleteItem. IAM has no condition key for a condition expression, so
 * it cannot insist that a put only creates; the local table guard refuses a put there without
 * `attribute_not_exists(pk)`, so code that would replace an item fails its tests.
 */
export const createAction = 'dynamodb:PutItem' satisfies WriteAction;
export const createCondition = 'attribute_not_exists(pk)';

/**
 * The audit log's partitions: a function that records a privileged act adds the act's entry
 * there in the act's own transaction, and may only add (a PutItem, never an update or delete).
 */
export const auditCreates = ['AUDIT#*'] as const;

/**
 * The two functions of the update form, showing it and taking its post, read the same things:
 * the proof (a token, or a session and then its token), the priority with its summary, and its
 * updates (the latest on the form; an idempotency record after a retried post). Each writes one thing.
 */
export const updateFormGrants = {
  tableActions: [...readActions, 'dynamodb:PutItem'],
  // The barrier log and the priority's commitments: the form shows them, and a post that names one is checked against them.
  readPartitions: ['PROGRAMME', 'PRIORITY#*', 'TOKEN#*', 'SESSION#*', 'BARRIERS', 'COMMITMENTS'],
} as const;

/**
 * What making a board pack reads (the catalogue, each priority's updates and assessments, the
 * barrier log, the commitments (asks of government, milestones, measures) and the asks' history, the board, the pack if made) and writes (the pack, its listing, the delivery records).
 */
export const boardPackMakerGrants = {
  tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  readPartitions: ['PROGRAMME', 'PRIORITY#*', 'ASSESSMENT#*', 'BARRIERS', 'COMMITMENTS', 'COMMITMENTLOG', 'PEOPLE', 'BOARDPACK#*', 'BOARDPACKS', 'OUTBOX#*'],
  writePartitions: ['BOARDPACK#*', 'BOARDPACKS', 'OUTBOX#*'],
  // The audit entry of a pack made, in the transaction of its head.
  createPartitions: auditCreates,
} as const;
