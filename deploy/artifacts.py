"""The artifacts bucket that holds the Lambda's zip, for deploy.py: only ever one this account owns.

S3 bucket names are global. A deploy that took `BucketAlreadyExists` for success would upload the
Lambda's code to another account's bucket, whose owner could read it and swap it before
CloudFormation reads it. So the name is unpredictable (nobody can claim it first), and every call
names the expected owner.
"""
import secrets


class NotOurBucket(RuntimeError):
    """The bucket exists in another account: deploying would hand it the Lambda's code."""


def ensure_bucket(backend, bucket, region, owner):
    """Makes sure `bucket` exists and belongs to account `owner`; refuses any other bucket.

    S3 bucket names are global: `BucketAlreadyExists` means another account has the name, and
    uploading there would give that account the Lambda's code (and let it swap it before
    CloudFormation reads it). So only a bucket this account owns is used: HeadBucket with
    ExpectedBucketOwner first (403 for a bucket of another account), CreateBucket when there is
    none, and only `BucketAlreadyOwnedByYou` is taken as "already there"."""
    params = {"Bucket": bucket}
    if region != "us-east-1":
        params["CreateBucketConfiguration"] = {"LocationConstraint": region}
    if getattr(backend, "dry_run", False):
        backend.call("s3", "HeadBucket", Bucket=bucket, ExpectedBucketOwner=owner)
        backend.call("s3", "CreateBucket", **params)
        return
    try:
        backend.call("s3", "HeadBucket", Bucket=bucket, ExpectedBucketOwner=owner)
        return
    except Exception as exc:  # noqa: BLE001 - the CLI's and boto3's errors differ in type
        text = str(exc)
        if any(s in text for s in ("403", "Forbidden", "AccessDenied")):
            raise NotOurBucket(f"bucket {bucket} exists but is not account {owner}'s: refusing to use it") from exc
        if not any(s in text for s in ("404", "Not Found", "NoSuchBucket")):
            raise
    try:
        backend.call("s3", "CreateBucket", **params)
    except Exception as exc:  # noqa: BLE001
        if "BucketAlreadyOwnedByYou" not in str(exc):
            if "BucketAlreadyExists" in str(exc):
                raise NotOurBucket(f"bucket {bucket} belongs to another account: refusing to use it") from exc
            raise
    backend.call("s3", "HeadBucket", Bucket=bucket, ExpectedBucketOwner=owner)


def artifacts_bucket(backend, stack, account):
    """The artifacts bucket's name: the one the stack already uses (its LambdaCodeBucket), else
    a new one that nobody can claim first, `<stack>-artifacts-<account>-<8 random hex>`."""
    try:
        described = backend.call("cloudformation", "DescribeStacks", StackName=stack)
        for parameter in (described.get("Stacks") or [{}])[0].get("Parameters", []):
            if parameter.get("ParameterKey") == "LambdaCodeBucket" and parameter.get("ParameterValue"):
                return parameter["ParameterValue"]
    except Exception as exc:  # noqa: BLE001 - a stack that does not exist yet
        if "does not exist" not in str(exc):
            raise
    return f"{stack}-artifacts-{account}-{secrets.token_hex(4)}"
