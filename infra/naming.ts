/**
 * How a stage's stacks, table and outputs are named: one place, read by the CDK app (to name
 * the stacks and the table) and by the operator CLI (to find a deployed stage's table).
 */

export const projectName = 'recovery-progress';

/** Lower-case, starts with a letter, short enough for every resource name it ends up in. */
export const stagePattern = /^[a-z][a-z0-9-]{0,19}$/;

export interface StackNames {
  /** The table and its stream: survives code deployments and, by default, stack deletion. */
  data: string;
  /** Functions, HTTP API, event source mapping and alarms: safe to replace at any time. */
  service: string;
  /** The web ACL, in us-east-1 where CloudFront's web ACLs live; only with the `waf` setting. */
  edge: string;
}

export function stackNames(stage: string): StackNames {
  if (!stagePattern.test(stage)) {
    throw new Error(`Stage "${stage}" must be lower-case letters, digits and hyphens, start with a letter, and be at most 20 characters.`);
  }
  return { data: `${projectName}-${stage}-data`, service: `${projectName}-${stage}-service`, edge: `${projectName}-${stage}-edge` };
}

/**
 * The physical name of the data stack's table. Fixed, so the service stack and the operator
 * commands find it by name, with no CloudFormation export between the stacks.
 */
export function tableName(stage: string): string {
  stackNames(stage); // the same check of the stage name
  return `${projectName}-${stage}`;
}

/** The region a stage's edge stack goes to: CloudFront's web ACLs and certificates live there only. */
export const edgeRegion = 'us-east-1';

/** The SSM parameter, in us-east-1, that holds the ARN of a stage's web ACL. */
export function webAclParameterName(stage: string): string {
  stackNames(stage);
  return `/${projectName}/${stage}/web-acl-arn`;
}

/** CloudFormation output keys the stacks publish (outputs only: nothing is exported). */
export const outputKeys = {
  /** Data stack: the table it holds. */
  tableName: 'TableName',
  /** Service stack: the table its functions use (the data stack's, or the stage file's after a restore). */
  tableInUse: 'TableInUse',
  /** Service stack: the HTTP API's own URL, which answers 403 to anything but CloudFront. */
  apiUrl: 'ApiUrl',
  /** Service stack: where people reach the service and the base of every link in emails (the custom domain, or the distribution's). */
  publicUrl: 'PublicUrl',
  /** Service stack, with `apiDomain`: the CloudFront name a DNS alias or CNAME for the custom domain points at. */
  apiDomainTarget: 'ApiDomainTarget',
  /** Service stack, with `emailDomain`: the name and value of each Easy DKIM CNAME record, `DkimRecord1Name` … `DkimRecord3Value`. */
  dkimRecordPrefix: 'DkimRecord',
  /** Service stack, with `emailDomain`: the MAIL FROM domain that needs an MX and an SPF record. */
  mailFromDomain: 'MailFromDomain',
  /** Service stack, with `emailDomain`: the MX record value of the MAIL FROM domain. */
  mailFromMx: 'MailFromMx',
  dlqUrl: 'DlqUrl',
  /** Service stack: the queue of stream batches that failed every retry, which the redrive function consumes. */
  failedStreamBatchesUrl: 'FailedStreamBatchesUrl',
  /** Service stack: the reconcile function, which `npm run reconcile -- --stage S` invokes. */
  reconcileFunction: 'ReconcileFunctionName',
  /** Service stack: the board-pack-on-schedule function, which `npm run board-pack -- --stage S` invokes. */
  boardPackFunction: 'BoardPackFunctionName',
  /** Service stack: the operations dashboard in the CloudWatch console. */
  dashboardUrl: 'DashboardUrl',
  /** Edge stack: the web ACL's ARN, also written to an SSM parameter in us-east-1 that the service stack reads. */
  webAclArn: 'WebAclArn',
} as const;
