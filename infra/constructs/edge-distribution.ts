/**
 * Where people reach the service: a CloudFront distribution in front of the HTTP API, and the
 * pages' assets from a private bucket behind it.
 *
 * - API answers are never cached (CachingDisabled); the origin request policy forwards what the
 *   functions read: every query string and cookie, and the Accept, Content-Type, Origin,
 *   Sec-Fetch-Site, Idempotency-Key and User-Agent headers. CloudFront passes Authorization
 *   itself on POST, the only method that reads it (shared/http/token.ts); no policy may name it.
 * - CloudFront adds the stage's origin secret to every request it sends to the API; the
 *   functions refuse requests without it (shared/http/origin-secret.ts), so the execute-api URL
 *   cannot be used to go around WAF. The secret is made by Secrets Manager at deployment and
 *   resolved by CloudFormation into the origin header and the functions' ORIGIN_SECRET.
 * - `/assets/*` comes from the assets bucket through Origin Access Control: the bucket blocks
 *   public access and its policy lets only this distribution read it. The files are those the
 *   local runtime serves (shared/pages/assets.ts), copied to `assets/<version>/` when their
 *   version changes and cached for a year as immutable: a changed file is a new version, so
 *   nothing cached is ever stale and no invalidation is needed. Earlier versions stay, for pages
 *   rendered before a deployment finished.
 * - With `waf`, the web ACL of the edge stack (us-east-1) is attached; its ARN is read from
 *   that stack's SSM parameter at deployment.
 * - With `apiDomain`, the distribution answers to that name with its us-east-1 certificate,
 *   and the alias record (with the hosted zone) points at the distribution.
 */
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ARecord, HostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { CloudFrontTarget } from 'aws-cdk-lib/aws-route53-targets';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsCustomResource, AwsCustomResourcePolicy, type AwsSdkCall, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { originSecretHeader } from '#shared/http/origin-secret';
import {
  assetCacheControl,
  assetsPath,
  assetVersionOf,
  govukAssetsDirectory,
  serviceStylesheet,
  stylesheetName,
  unservedAssets,
  versionedAssetsPath,
} from '#shared/pages/assets';
import type { DeploymentConfig } from '../config.ts';
import { edgeRegion, webAclParameterName } from '../naming.ts';

export interface EdgeDistributionProps {
  config: Pick<DeploymentConfig, 'stage' | 'waf' | 'apiDomain' | 'logRetentionDays' | 'removalPolicy'>;
  api: HttpApi;
}

/** Increase it to change the origin secret: the next deployment makes a new one and uses it everywhere. */
const originSecretGeneration = 1;

/**
 * API Gateway answers only to its own name, so CloudFront sends it that as `Host`; the viewer's host
 * goes on as `X-Forwarded-Host`, which the same-origin rule (shared/http/origin.ts) compares posts' `Origin` with.
 */
const viewerHostCode = `function handler(event) {
  var request = event.request;
  request.headers['x-forwarded-host'] = { value: request.headers.host.value };
  return request;
}`;

export class EdgeDistribution extends Construct {
  readonly distribution: Distribution;
  readonly assets: Bucket;
  /** Copies the assets' current version to the bucket; what names that version must change after it. */
  readonly assetsDeployment: BucketDeployment;
  /** What CloudFront sends in the origin header, and the functions expect. */
  readonly originSecret: Secret;
  /** The alias record, with `apiDomain` and its hosted zone. */
  readonly record: ARecord | undefined;
  /** Where people reach the service, the base of links in emails: `https://<apiDomain.name>`, or the distribution's own name. */
  readonly publicUrl: string;

  constructor(scope: Construct, id: string, { config, api }: EdgeDistributionProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // CloudFormation reads the secret into the distribution and the functions only when it updates them:
    // a new generation is a new secret, and so an update of both (docs/operations.md).
    this.originSecret = new Secret(this, `OriginSecret${originSecretGeneration > 1 ? originSecretGeneration : ''}`, {
      description: `Sent by the ${config.stage} stage's CloudFront distribution to the API in ${originSecretHeader}; requests without it are refused`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The origin secret is read by CloudFormation into the distribution and the functions together; it changes with originSecretGeneration and a deployment (docs/operations.md), not by a rotation Lambda that would leave them apart.',
    });

    this.assets = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Only copies of files in the repository: nothing to keep when the stack goes.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    Validations.of(this.assets).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'The bucket holds only copies of the GOV.UK Frontend images and the stylesheet, read by CloudFront alone; its reads are not worth a log bucket.',
    });

    const viewerHost = new CloudFrontFunction(this, 'ViewerHost', {
      comment: 'Passes the host the viewer used on as X-Forwarded-Host',
      code: FunctionCode.fromInline(viewerHostCode),
      runtime: FunctionRuntime.JS_2_0,
    });

    const apiDomain = config.apiDomain;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Recovery progress (${config.stage})`,
      defaultBehavior: {
        origin: new HttpOrigin(`${api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          customHeaders: { [originSecretHeader]: this.originSecret.secretValue.unsafeUnwrap() },
        }),
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        // Every query string, cookie and header (Authorization too, which no custom policy may name) but Host.
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        functionAssociations: [{ function: viewerHost, eventType: FunctionEventType.VIEWER_REQUEST }],
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      },
      additionalBehaviors: {
        [`${assetsPath}/*`]: {
          origin: S3BucketOrigin.withOriginAccessControl(this.assets),
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        },
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America and Europe: where the programme's people are.
      priceClass: PriceClass.PRICE_CLASS_100,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      ...(apiDomain ? { domainNames: [apiDomain.name], certificate: Certificate.fromCertificateArn(this, 'Certificate', apiDomain.certificateArn) } : {}),
      ...(config.waf ? { webAclId: this.webAclArn(config) } : {}),
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'No geographic restriction: sponsors and board members may report from anywhere; the price class limits edge locations, not viewers.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'The API access log records every request that reaches the functions, and the web ACL logs what it blocks; CloudFront standard logs would need a bucket with ACLs for a third copy.',
      },
      ...(config.waf
        ? []
        : [
            {
              id: 'AwsSolutions-CFR2',
              reason: 'The waf setting is off (by default on throw-away stages): only the API stage throttling limits this stage, as its stage file chose.',
            },
          ]),
      ...(apiDomain
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'Without apiDomain the distribution answers under its cloudfront.net name with the default certificate, whose TLS policy CloudFront fixes; with apiDomain it is TLSv1.2_2021.',
            },
          ]),
    );

    this.assetsDeployment = this.deployAssets(config);

    if (apiDomain?.hostedZoneId !== undefined && apiDomain.hostedZoneName !== undefined) {
      const zone = HostedZone.fromHostedZoneAttributes(this, 'HostedZone', { hostedZoneId: apiDomain.hostedZoneId, zoneName: apiDomain.hostedZoneName });
      this.record = new ARecord(this, 'AliasRecord', {
        zone,
        recordName: apiDomain.name,
        target: RecordTarget.fromAlias(new CloudFrontTarget(this.distribution)),
      });
    } else {
      this.record = undefined;
    }
    this.publicUrl = `https://${apiDomain ? apiDomain.name : this.distribution.distributionDomainName}`;
  }

  /**
   * Copies the assets to their version's folder when the version changes, with a role of its
   * own: its log group, the bucket and CDK's asset bucket. The version is made from the files
   * copied, as the compiled views' is (infra/app.ts compiles them first).
   */
  private deployAssets(config: EdgeDistributionProps['config']): BucketDeployment {
    const logGroup = new LogGroup(this, 'AssetsDeploymentLogs', {
      retention: config.logRetentionDays as RetentionDays,
      removalPolicy: config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'AssetsDeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the assets of the pages to the assets bucket during deployments',
    });
    logGroup.grantWrite(role);
    const deployment = new BucketDeployment(this, 'AssetsDeployment', {
      destinationBucket: this.assets,
      destinationKeyPrefix: `${versionedAssetsPath(assetVersionOf()).slice(1)}/`,
      sources: [Source.asset(govukAssetsDirectory()), Source.data(stylesheetName, serviceStylesheet())],
      exclude: [...unservedAssets],
      cacheControl: [CacheControl.fromString(assetCacheControl)],
      // Pruning reaches only this version's folder. Earlier versions are kept when the folder
      // changes, for pages still open or rendered by a function not yet updated; a few hundred KB each.
      prune: true,
      retainOnDelete: true,
      memoryLimit: 256,
      role,
      logGroup,
    });
    const bucketId = Stack.of(this).getLogicalId(this.assets.node.defaultChild as CfnBucket);
    const copying = 'CDK’s BucketDeployment copies the assets with the AWS CLI’s s3 sync, which needs these';
    Validations.of(role).acknowledge(
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${copying} actions, as grantRead and grantReadWrite write them, on the assets bucket and CDK’s asset bucket only.`,
      })),
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
        reason: `${copying} objects: every key of the assets bucket, which holds nothing else.`,
      },
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        reason: `${copying} objects: the zipped sources CDK uploaded to its bootstrap asset bucket.`,
      },
    );
    const handler = Stack.of(this).node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason: 'The runtime of CDK’s own BucketDeployment function, which CDK chooses and updates with aws-cdk-lib; it runs only during deployments.',
      });
    }
    return deployment;
  }

  /** The web ACL's ARN, read from the edge stack's parameter in us-east-1 when this stack deploys. */
  private webAclArn(config: EdgeDistributionProps['config']): string {
    const name = webAclParameterName(config.stage);
    const getParameter: AwsSdkCall = {
      service: 'SSM',
      action: 'GetParameter',
      parameters: { Name: name },
      region: edgeRegion,
      physicalResourceId: PhysicalResourceId.of(name),
      outputPaths: ['Parameter.Value'],
    };
    const logGroup = new LogGroup(this, 'WebAclLookupLogs', {
      retention: config.logRetentionDays as RetentionDays,
      removalPolicy: config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'WebAclLookupRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Reads the ARN of the ${config.stage} stage's web ACL during deployments`,
    });
    logGroup.grantWrite(role);
    const lookup = new AwsCustomResource(this, 'WebAclLookup', {
      resourceType: 'Custom::WebAclArn',
      onCreate: getParameter,
      onUpdate: getParameter,
      policy: AwsCustomResourcePolicy.fromSdkCalls({
        resources: [Stack.of(this).formatArn({ service: 'ssm', region: edgeRegion, resource: 'parameter', resourceName: name.slice(1) })],
      }),
      installLatestAwsSdk: false,
      role,
      logGroup,
    });
    return lookup.getResponseField('Parameter.Value');
  }
}
