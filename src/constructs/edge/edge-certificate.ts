import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";

/** Properties of an {@link EdgeCertificate}. */
export interface EdgeCertificateProps {
  /** The domain. */
  readonly domainName: string;
  /** The hosted zone it is validated in. */
  readonly hostedZoneId: string;
  /**
   * Write the validation record. ACM gives an account's certificates for one name the same
   * record in every region, so where the service stack's load balancer certificate already wrote
   * it, this one is validated by that record and leaves it to its owner.
   * @default true
   */
  readonly writeValidationRecord?: boolean;
}

/** Seconds resolvers cache the validation record. */
const VALIDATION_RECORD_TTL_SECONDS = 60;

/**
 * The domain's certificate for CloudFront, which takes certificates from us-east-1 only (the
 * stack's provider region; CloudFront Developer Guide, "Requirements for using SSL/TLS
 * certificates with CloudFront"), DNS-validated in the domain's hosted zone.
 */
export class EdgeCertificate extends Construct {
  /** The validated certificate's ARN: a distribution naming it waits until it is issued. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EdgeCertificateProps) {
    super(scope, id);
    const certificate = new AcmCertificate(this, "certificate", {
      domainName: props.domainName,
      validationMethod: "DNS",
      // The distribution holds the certificate: a replacement must exist before the old one goes.
      lifecycle: { createBeforeDestroy: true },
    });
    const option = certificate.domainValidationOptions.get(0);
    const record =
      props.writeValidationRecord === false
        ? undefined
        : new Route53Record(this, "validation", {
            zoneId: props.hostedZoneId,
            name: option.resourceRecordName,
            type: option.resourceRecordType,
            records: [option.resourceRecordValue],
            ttl: VALIDATION_RECORD_TTL_SECONDS,
            allowOverwrite: true,
          });
    this.arn = new AcmCertificateValidation(this, "validated", { certificateArn: certificate.arn, ...(record ? { validationRecordFqdns: [record.fqdn] } : {}) }).certificateArn;
  }
}
