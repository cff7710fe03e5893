/**
 * The edge: the CloudFront distribution in front of the HTTP API on every stage, the assets from
 * a private bucket through it, the origin secret the functions check, and, with `waf` (on by
 * default for a kept stage), the web ACL in its us-east-1 stack with the rate rule per client.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetVersion } from '#compiled-views/assets';
import { assetCacheControl } from '#shared/pages/assets';
import { definitions } from '../../functions/index.ts';
import { loadStage } from '../../infra/config.ts';
import { edgeRegion, webAclParameterName } from '../../infra/naming.ts';
import { countedCommonRules, rateWindowSeconds } from '../../infra/stacks/edge-stack.ts';
import { keptStageFile, removeStageFiles, type SynthesisedStacks, shippedStageFile, stageFiles, synthesise } from './test-app.ts';

let kept: SynthesisedStacks;
let throwAway: SynthesisedStacks;
let edgeTemplate: Template;

beforeAll(() => {
  kept = synthesise({ stage: 'prod' }, { stagesDirectory: stageFiles({ prod: { ...keptStageFile(), wafRateLimit: 250 } }) });
  throwAway = synthesise();
  if (!kept.edge) throw new Error('A kept stage has an edge stack');
  edgeTemplate = Template.fromStack(kept.edge);
});

afterAll(removeStageFiles);

type Resource = { Type: string; Properties: Record<string, unknown> };
const resourcesOf = (template: Template) => template.toJSON().Resources as Record<string, Resource>;
const aclRules = () => Object.values(edgeTemplate.findResources('AWS::WAFv2::WebACL'))[0]!.Properties.Rules as { Name: string }[];
const distributionConfig = (template: Template) =>
  Object.values(resourcesOf(template)).find((resource) => resource.Type === 'AWS::CloudFront::Distribution')?.Properties.DistributionConfig as Record<
    string,
    unknown
  >;

describe('the waf setting', () => {
  const stage = (settings: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
    loadStage('s', { directory: stageFiles({ s: settings }), overrides }).config;
  const throwAwayFile = shippedStageFile('dev');

  it('is on by default for a kept stage and off for one whose data goes with it', () => {
    const { waf: _waf, ...keptWithoutWaf } = keptStageFile();
    expect(keptWithoutWaf).not.toHaveProperty('waf');
    expect(stage(keptWithoutWaf).waf).toBe(true);
    expect(throwAwayFile).not.toHaveProperty('waf');
    expect(stage(throwAwayFile).waf).toBe(false);
  });

  it('takes an explicit value from the stage file or -c', () => {
    expect(stage({ ...throwAwayFile, waf: true }).waf).toBe(true);
    expect(stage(keptStageFile(), { waf: 'false' }).waf).toBe(false);
    expect(stage(keptStageFile(), { wafRateLimit: '500' }).wafRateLimit).toBe(500);
  });

  it.each([
    [{ waf: 'yes' }, /waf: must be true or false/],
    [{ wafRateLimit: 5 }, /wafRateLimit:/],
    [{ wafRateLimit: 100.5 }, /wafRateLimit:/],
  ])('refuses a wrong value, naming the key (%#)', (value, message) => {
    expect(() => stage({ ...keptStageFile(), ...value })).toThrow(message);
  });
});

describe('a kept stage', () => {
  it('has an edge stack in us-east-1 with one web ACL for CloudFront', () => {
    expect(kept.edge?.region).toBe(edgeRegion);
    edgeTemplate.resourceCountIs('AWS::WAFv2::WebACL', 1);
    edgeTemplate.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
  });

  it('limits posts and CSV exports per client address, with the configured limit, answering 429', () => {
    const rate = aclRules().find((rule) => rule.Name === 'PostsAndExportsPerClient');
    expect(rate).toMatchObject({
      Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
      Statement: {
        RateBasedStatement: {
          Limit: 250,
          AggregateKeyType: 'IP',
          EvaluationWindowSec: rateWindowSeconds,
          ScopeDownStatement: {
            OrStatement: {
              Statements: [
                { ByteMatchStatement: { FieldToMatch: { Method: {} }, PositionalConstraint: 'EXACTLY', SearchString: 'post' } },
                { ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'ENDS_WITH', SearchString: '.csv' } },
              ],
            },
          },
        },
      },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true },
    });
  });

  it('applies the AWS common rule set, counting only the rules that would block legitimate posts', () => {
    const common = aclRules().find((rule) => rule.Name === 'AwsCommonRules');
    expect(common).toMatchObject({
      OverrideAction: { None: {} },
      Statement: {
        ManagedRuleGroupStatement: {
          VendorName: 'AWS',
          Name: 'AWSManagedRulesCommonRuleSet',
          RuleActionOverrides: Object.keys(countedCommonRules).map((name) => ({ Name: name, ActionToUse: { Count: {} } })),
        },
      },
    });
  });

  it('logs what the web ACL blocks or counts', () => {
    edgeTemplate.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-recovery-progress-prod' });
    edgeTemplate.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': ['WebAcl', 'Arn'] },
      LoggingFilter: Match.objectLike({ DefaultBehavior: 'DROP' }),
    });
  });

  it("attaches the web ACL to the distribution, read from the edge stack's parameter in us-east-1", () => {
    edgeTemplate.hasResourceProperties('AWS::SSM::Parameter', { Name: webAclParameterName('prod'), Value: { 'Fn::GetAtt': ['WebAcl', 'Arn'] } });
    const lookups = kept.serviceTemplate.findResources('Custom::WebAclArn');
    expect(Object.keys(lookups)).toHaveLength(1);
    const [lookupId, lookup] = Object.entries(lookups)[0]!;
    expect(JSON.parse(lookup.Properties.Create as string)).toMatchObject({
      service: 'SSM',
      action: 'GetParameter',
      region: edgeRegion,
      parameters: { Name: webAclParameterName('prod') },
    });
    expect(distributionConfig(kept.serviceTemplate).WebACLId).toEqual({ 'Fn::GetAtt': [lookupId, 'Parameter.Value'] });
    expect(kept.service.dependencies).toContain(kept.edge);
  });
});

describe('a throw-away stage (dev)', () => {
  it('has no edge stack, no web ACL and no rate rule, but the same distribution and assets', () => {
    expect(throwAway.edge).toBeUndefined();
    throwAway.serviceTemplate.resourceCountIs('AWS::WAFv2::WebACL', 0);
    throwAway.serviceTemplate.resourceCountIs('Custom::WebAclArn', 0);
    expect(distributionConfig(throwAway.serviceTemplate)).not.toHaveProperty('WebACLId');
    throwAway.serviceTemplate.resourceCountIs('AWS::CloudFront::Distribution', 1);
    throwAway.serviceTemplate.resourceCountIs('Custom::CDKBucketDeployment', 1);
  });
});

describe.each([
  ['kept', () => kept],
  ['throw-away', () => throwAway],
])('the distribution of a %s stage', (_stage, stacks) => {
  const template = () => stacks().serviceTemplate;

  it('sends everything but /assets/* to the HTTP API over HTTPS, uncached, with what the functions read', () => {
    const config = distributionConfig(template());
    const origins = config.Origins as { Id: string; DomainName: unknown; CustomOriginConfig?: Record<string, unknown>; OriginCustomHeaders?: unknown[] }[];
    const defaultBehaviour = config.DefaultCacheBehavior as Record<string, unknown>;
    const apiOrigin = origins.find((origin) => origin.Id === defaultBehaviour.TargetOriginId);
    expect(JSON.stringify(apiOrigin?.DomainName)).toMatch(/ApiHttpApi.*execute-api/);
    expect(apiOrigin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(defaultBehaviour).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      // CloudFront's managed CachingDisabled policy.
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    // CloudFront's managed AllViewerExceptHostHeader policy: Authorization and cookies reach the functions, Host does not.
    expect(defaultBehaviour.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    const associations = defaultBehaviour.FunctionAssociations as { EventType: string; FunctionARN: unknown }[];
    expect(associations).toHaveLength(1);
    expect(associations[0]!.EventType).toBe('viewer-request');
    const [viewerHost] = Object.values(template().findResources('AWS::CloudFront::Function'));
    expect(String(viewerHost?.Properties.FunctionCode)).toContain("request.headers['x-forwarded-host'] = { value: request.headers.host.value }");
  });

  it('adds the origin secret to every request to the API, and every function with routes (and only those) expects it', () => {
    const config = distributionConfig(template());
    const origins = config.Origins as { Id: string; OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[] }[];
    const apiOrigin = origins.find((origin) => origin.Id === (config.DefaultCacheBehavior as { TargetOriginId: string }).TargetOriginId);
    const header = apiOrigin?.OriginCustomHeaders?.find((each) => each.HeaderName === 'x-origin-verify');
    expect(JSON.stringify(header?.HeaderValue)).toMatch(/resolve:secretsmanager:.*EdgeOriginSecret.*SecretString/);
    const functions = Object.values(template().findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs22.x' } }));
    const withRoutes = definitions.filter((definition) => 'routes' in definition && definition.routes.length > 0).length;
    const expecting = functions.filter((fn) => 'ORIGIN_SECRET' in ((fn.Properties.Environment as { Variables?: object } | undefined)?.Variables ?? {}));
    expect(expecting).toHaveLength(withRoutes);
    for (const fn of expecting) {
      expect((fn.Properties.Environment as { Variables: { ORIGIN_SECRET: unknown } }).Variables.ORIGIN_SECRET).toEqual(header?.HeaderValue);
    }
  });

  it('serves /assets/* from the private assets bucket through Origin Access Control, cached', () => {
    const config = distributionConfig(template());
    const [assets] = config.CacheBehaviors as Record<string, unknown>[];
    expect(assets).toMatchObject({
      PathPattern: '/assets/*',
      AllowedMethods: ['GET', 'HEAD'],
      // CloudFront's managed CachingOptimized policy.
      CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    const origins = config.Origins as { Id: string; S3OriginConfig?: unknown; OriginAccessControlId?: unknown }[];
    const bucketOrigin = origins.find((origin) => origin.Id === assets?.TargetOriginId);
    expect(bucketOrigin?.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/S3OriginAccessControl/), 'Id'] });
    template().hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
  });

  it('keeps the assets bucket private: public access blocked, readable by this distribution only, over TLS', () => {
    const buckets = template().findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(1);
    const [bucketId, bucket] = Object.entries(buckets)[0]!;
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const policies = Object.values(template().findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(1);
    const policy = policies[0]!;
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    const reads = statements.filter((statement) => statement.Effect === 'Allow' && JSON.stringify(statement.Action).includes('s3:GetObject'));
    expect(reads).toEqual([
      expect.objectContaining({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceArn': expect.objectContaining({ 'Fn::Join': expect.anything() }) } },
      }),
    ]);
    expect(JSON.stringify(reads[0]?.Condition)).toMatch(/EdgeDistribution/);
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(policy.Properties.Bucket).toEqual({ Ref: bucketId });
  });

  it('copies the assets under their version, the one pages name, cached for a year as immutable, keeping earlier versions', () => {
    template().hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketKeyPrefix: `assets/${assetVersion}/`,
      Exclude: ['fonts/*'],
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      Prune: true,
      RetainOnDelete: true,
    });
    expect(assetCacheControl).toBe('public, max-age=31536000, immutable');
    // A new version is a new name: nothing cached needs clearing.
    const [deployment] = Object.values(template().findResources('Custom::CDKBucketDeployment'));
    expect(deployment?.Properties.DistributionPaths).toBeUndefined();
    expect(deployment?.Properties.DistributionId).toBeUndefined();
  });

  it('changes no function before the version its pages name is in the bucket', () => {
    const [deploymentId] = Object.keys(template().findResources('Custom::CDKBucketDeployment'));
    const functions = Object.entries(template().findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs22.x' } }));
    expect(functions.length).toBe(definitions.length);
    for (const [id, resource] of functions) expect(resource.DependsOn, id).toContain(deploymentId);
  });

  it('publishes the public URL and the API URL', () => {
    template().hasOutput('PublicUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^EdgeDistribution'), 'DomainName'] }]] },
    });
    template().hasOutput('ApiUrl', Match.anyValue());
  });
});
