"""Seeds a moto server with N resources of each family, for `cargo xtask bench --moto`.

    AWS_ENDPOINT_URL=http://127.0.0.1:PORT AWS_ACCESS_KEY_ID=testing \
    AWS_SECRET_ACCESS_KEY=testing python moto_seed.py --per-family N

Families, all in us-east-1 (IAM is global): S3 buckets (every third with
encryption, versioning and a public access block, every fifth with a public
policy), security groups (each with one ingress rule, every fourth open to the
world on SSH), EBS volumes (half encrypted), IAM users (every other with an
access key), IAM roles, customer-managed IAM policies, KMS keys (half with
rotation) and Lambda functions. Prints {"seeded": total} on stdout.
"""

import argparse
import io
import json
import os
import zipfile

import boto3

REGION = "us-east-1"
ENDPOINT = os.environ["AWS_ENDPOINT_URL"]


def client(service):
    return boto3.client(service, region_name=REGION, endpoint_url=ENDPOINT)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--per-family", type=int, required=True)
    n = p.parse_args().per_family
    s3, ec2, iam, kms, lam = client("s3"), client("ec2"), client("iam"), client("kms"), client("lambda")
    block = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("handler.py", "def handler(event, context):\n    return 'ok'\n")
    code = buf.getvalue()
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    seeded = 0
    for i in range(n):
        b = f"bench-{i:05d}"
        s3.create_bucket(Bucket=b)
        if i % 3 == 0:
            s3.put_bucket_encryption(Bucket=b, ServerSideEncryptionConfiguration={
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
            s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
            s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration=block)
        elif i % 5 == 0:
            s3.put_bucket_policy(Bucket=b, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{b}/*"}]}))
        sg = ec2.create_security_group(GroupName=f"bench-sg-{i:05d}", Description="bench", VpcId=vpc)["GroupId"]
        cidr = "0.0.0.0/0" if i % 4 == 0 else "10.0.0.0/8"
        ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": cidr}]}])
        ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8, Encrypted=i % 2 == 0)
        iam.create_user(UserName=f"bench-user-{i:05d}")
        if i % 2 == 0:
            iam.create_access_key(UserName=f"bench-user-{i:05d}")
        role = iam.create_role(RoleName=f"bench-role-{i:05d}", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
        iam.create_policy(PolicyName=f"bench-policy-{i:05d}", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:*" if i % 3 == 0 else "s3:GetObject", "Resource": "*"}]}))
        key = kms.create_key(Description=f"bench key {i}")["KeyMetadata"]["KeyId"]
        if i % 2 == 0:
            kms.enable_key_rotation(KeyId=key)
        lam.create_function(FunctionName=f"bench-fn-{i:05d}", Runtime="python3.12", Role=role,
                            Handler="handler.handler", Code={"ZipFile": code},
                            Environment={"Variables": {"STAGE": "bench"}})
        seeded += 8
    print(json.dumps({"seeded": seeded}))


if __name__ == "__main__":
    main()
