/**
 * The AWS WAF web ACL in front of the service's CloudFront distribution, with the `waf`
 * setting. A web ACL for CloudFront must be made in us-east-1, so it is a stack of its own
 * pinned to that region, while the service stack stays in whatever region it is deployed to.
 * Its ARN goes to an SSM parameter here, which the service stack reads at deployment (a custom
 * resource calling us-east-1): CDK's own cross-region references need both stacks' regions
 * fixed at synth, and the stacks are environment-agnostic.
 *
 * Two rules: a rate limit per client address on posts and CSV exports, the requests that cost
 * the most (a write transaction, up to 50 queries), and AWS's common rule set. Each rule keeps
 * CloudWatch metrics and sampled requests; every request the ACL blocks or counts is logged.
 */
import { ArnFormat, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { DeploymentConfig } from '../config.ts';
import { edgeRegion, outputKeys, projectName, webAclParameterName } from '../naming.ts';

/** WAF counts a rate-based rule's requests over this window, in seconds. */
export const rateWindowSeconds = 300;

/**
 * Rules of AWSManagedRulesCommonRuleSet that would block legitimate requests, only counted.
 * Every other rule of the set blocks.
 */
export const countedCommonRules = {
  // It blocks bodies over 8 KB; an update form or JSON post may be up to 32 KB (shared/http/body.ts), which the functions enforce.
  SizeRestrictions_BODY: 'Update and assessment posts may be up to 32 KB; the functions refuse larger ones with 413.',
} as const;

export interface EdgeStackProps extends StackProps {
  config: Pick<DeploymentConfig, 'stage' | 'wafRateLimit' | 'logRetentionDays' | 'removalPolicy'>;
}

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

const matches = (fieldToMatch: CfnWebACL.FieldToMatchProperty, positionalConstraint: string, searchString: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: { fieldToMatch, positionalConstraint, searchString, textTransformations: [{ priority: 0, type: 'LOWERCASE' }] },
});

export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, { ...props, env: { ...props.env, region: edgeRegion } });
    const { config } = props;
    const name = `${projectName}-${config.stage}`;

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name,
      // WAF allows no brackets or apostrophes in a description.
      description: `Recovery progress, ${config.stage}: rate limits per client and the AWS common rule set, before the CloudFront distribution`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(name),
      rules: [
        {
          name: 'PostsAndExportsPerClient',
          priority: 0,
          // 429, as the API's own throttling answers, so clients treat both alike.
          action: { block: { customResponse: { responseCode: 429 } } },
          statement: {
            rateBasedStatement: {
              limit: config.wafRateLimit,
              evaluationWindowSec: rateWindowSeconds,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                orStatement: {
                  statements: [matches({ method: {} }, 'EXACTLY', 'post'), matches({ uriPath: {} }, 'ENDS_WITH', '.csv')],
                },
              },
            },
          },
          visibilityConfig: visibility(`${name}-posts-and-exports`),
        },
        {
          name: 'AwsCommonRules',
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              ruleActionOverrides: Object.keys(countedCommonRules).map((rule) => ({ name: rule, actionToUse: { count: {} } })),
            },
          },
          visibilityConfig: visibility(`${name}-common-rules`),
        },
      ],
    });

    // WAF requires the name to start with aws-waf-logs-, and the ARN without the ":*" CDK's logGroupArn ends in.
    const logGroupName = `aws-waf-logs-${name}`;
    new LogGroup(this, 'WebAclLogs', {
      logGroupName,
      retention: config.logRetentionDays as RetentionDays,
      removalPolicy: config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const logging = new CfnLoggingConfiguration(this, 'WebAclLogging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [this.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      // Only what the ACL acted on: allowed requests are in the API's access log already.
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [
          {
            Behavior: 'KEEP',
            Requirement: 'MEETS_ANY',
            Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { ActionCondition: { Action: 'COUNT' } }],
          },
        ],
      },
    });
    logging.node.addDependency(this.node.findChild('WebAclLogs'));

    new StringParameter(this, 'WebAclArnParameter', {
      parameterName: webAclParameterName(config.stage),
      description: `The web ACL of the ${config.stage} stage's CloudFront distribution, read by its service stack`,
      stringValue: this.webAcl.attrArn,
    });
    new CfnOutput(this, outputKeys.webAclArn, { value: this.webAcl.attrArn, description: 'The web ACL on the CloudFront distribution' });
  }
}
