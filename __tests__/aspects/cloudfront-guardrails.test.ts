import { CloudfrontDistribution, CloudfrontDistributionConfig } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { Guardrails } from "../../src/aspects/guardrails";

/** A distribution as the edge stack makes it, with `change` applied, in a stack with the guardrails. */
function synth(change: Partial<CloudfrontDistributionConfig> = {}) {
  const stack = new TerraformStack(Testing.app(), "guarded");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  Aspects.of(stack).add(new Guardrails({ requireDeletionProtection: true, requireHttps: true }));
  const behavior = { targetOriginId: "app", viewerProtocolPolicy: "redirect-to-https", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], cachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" };
  new CloudfrontDistribution(stack, "cdn", {
    enabled: true,
    webAclId: "arn:aws:wafv2:us-east-1:111111111111:global/webacl/edge/1",
    origin: [{ originId: "app", domainName: "origin.example.com", customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } }],
    defaultCacheBehavior: behavior,
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/1", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
    ...change,
  });
  return () => Testing.synth(stack);
}

describe("guardrails of a CloudFront distribution", () => {
  it("pass the edge stack's shape", () => {
    expect(synth()).not.toThrow();
  });

  it.each([
    ["TLSv1", `sets minimum_protocol_version = "TLSv1": must be one of TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025`],
    ["TLSv1.2_2019", `sets minimum_protocol_version = "TLSv1.2_2019": must be one of TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025`],
  ])("refuse viewers' minimum protocol %s", (minimumProtocolVersion, message) => {
    expect(synth({ viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/1", sslSupportMethod: "sni-only", minimumProtocolVersion } })).toThrow(
      `[cloudfront-viewer-tls] guarded/cdn (aws_cloudfront_distribution.cdn): ${message}`,
    );
  });

  it("refuse the default certificate", () => {
    expect(synth({ viewerCertificate: { cloudfrontDefaultCertificate: true } })).toThrow("[cloudfront-viewer-tls] guarded/cdn (aws_cloudfront_distribution.cdn): uses the default CloudFront certificate, whose minimum protocol is TLSv1");
  });

  it("refuse a behavior that serves plain HTTP, and an origin reached over HTTP or old TLS", () => {
    const behavior = { targetOriginId: "app", viewerProtocolPolicy: "allow-all", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"] };
    expect(synth({ defaultCacheBehavior: behavior })).toThrow('[cloudfront-https-only] guarded/cdn (aws_cloudfront_distribution.cdn): has cache behaviors with viewer_protocol_policy "allow-all": must be redirect-to-https or https-only');
    const origin = (originProtocolPolicy: string, originSslProtocols: string[]) => [{ originId: "app", domainName: "o.example.com", customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy, originSslProtocols } }];
    for (const weak of [origin("match-viewer", ["TLSv1.2"]), origin("https-only", ["TLSv1.1", "TLSv1.2"])]) {
      expect(synth({ origin: weak })).toThrow('[cloudfront-https-only] guarded/cdn (aws_cloudfront_distribution.cdn): has a custom origin that is not https-only with origin_ssl_protocols ["TLSv1.2"]');
    }
  });

  it("refuse a distribution without a web ACL", () => {
    expect(synth({ webAclId: undefined })).toThrow("[cloudfront-waf] guarded/cdn (aws_cloudfront_distribution.cdn): sets no web_acl_id");
  });
});
