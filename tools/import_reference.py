#!/usr/bin/env python3
"""Brings data/*.json up to date with ../shared/reference (issue 9).

Idempotent: run it again and nothing changes; `--check` writes nothing and
exits 1 when a data file is not what it would write (tests/reference_rows.rs
runs it). What it does, and why:
- every source gets a `date` (seed documents: their own date; facts read from
  upstream repositories: the day they were read, as commit dates are not
  recorded in the reference);
- Service Fabric: statuses from the regenerated gateway map
  (fabric-http-status-map.tsv), the .NET FabricErrorCode names
  (fabric-dotnet-names.tsv) and the exception types that stand for exactly one
  code (fabric-exception-types.tsv) as aliases, and the rows of
  fabric-codes-extra.tsv;
- Batch: the codes of batch-error-codes-extra.tsv the catalog lacks;
- Cosmos DB: the (status, sub-status) rows of cosmos-substatus.tsv the catalog
  lacks, and the status names Cosmos DB sends as its `code` as aliases of the
  status rows.
Descriptions of new rows are written here, in our own words, from the facts
in the reference files.
"""
import csv
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REF = os.path.join(ROOT, "..", "shared", "reference")
READ_ON = "2026-12-02"  # the day the reference facts were read upstream

SEED_DATES = {
    "000_648609ad5151b685.txt": "2017-02-03",
    "001_ef64139f06f9e1be.txt": "2017-02-01",
    "003_1447de10a08a5767.txt": "2016-11-18",
    "004_65f3a259cf27608a.txt": "2012-05-02",
}


def tsv(name):
    with open(os.path.join(REF, name), newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def load(service):
    with open(os.path.join(ROOT, "data", service + ".json")) as f:
        return json.load(f)


CHECK = "--check" in sys.argv[1:]
STALE = []


def save(service, data):
    path = os.path.join(ROOT, "data", service + ".json")
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    with open(path) as f:
        current = f.read()
    if text == current:
        return
    if CHECK:
        STALE.append(path)
        return
    with open(path, "w") as f:
        f.write(text)


def date_sources(data):
    for s in data["sources"]:
        if s["kind"] == "seed":
            d = SEED_DATES.get(s["document"])
            if d:
                s["date"] = d
        else:
            s["date"] = READ_ON


def add_source(data, source):
    if not any(s["id"] == source["id"] for s in data["sources"]):
        data["sources"].append(source)


def add_alias(entry, alias):
    if alias.lower() == entry["code"].lower():
        return
    aliases = entry.setdefault("aliases", [])
    if alias not in aliases:
        aliases.append(alias)


def put_entry(data, entry, key=("code", "status", "substatus")):
    """Adds or replaces the entry with the same key."""
    k = tuple(entry.get(f) for f in key)
    for i, e in enumerate(data["entries"]):
        if tuple(e.get(f) for f in key) == k:
            data["entries"][i] = {**e, **entry}
            return
    data["entries"].append(entry)


# ---------------------------------------------------------------- fabric
FABRIC_EXTRA = {
    "ParentServiceMultiplePartitions": (None, "A .NET FabricErrorCode member of the newer SDK (value 0x87B00019) with no published native name and no published description: by its name, the parent service of the operation has more than one partition where one is required."),
    "ChecksumMismatchError": (None, "A .NET FabricErrorCode member of the newer SDK (value 0x87B0001A) with no published native name and no published description: by its name, a checksum did not match the data it was computed for."),
    "ImpactNotFound": (None, "A .NET FabricErrorCode member of the newer SDK (value 0x87B0001B) with no published native name and no published description: by its name, the impact the request refers to was not found."),
    "OperationFailedServicePurged": (None, "A .NET FabricErrorCode member of the newer SDK (value 0x87B0001C) with no published native name and no published description: by its name, the operation failed because its service had been purged."),
    "FABRIC_E_BACKUP_POLICY_NOT_EXISTING": (404, "The backup policy named in the request does not exist. This spelling appears only in the REST API specification and the REST clients; the cluster's own code for it is probably FABRIC_E_BACKUP_POLICY_DOES_NOT_EXIST, which the gateway answers with 400."),
    "FABRIC_E_FAULT_ANALYSIS_SERVICE_NOT_EXISTING": (404, "The Fault Analysis Service is not available in the cluster. This spelling appears only in the REST API specification and the REST clients; the cluster's own code for it is probably FABRIC_E_FAULT_ANALYSIS_SERVICE_NOT_ENABLED, which the gateway answers with 400."),
    "FABRIC_E_BACKUP_POLICY_ALREADY_EXISTING": (409, "A backup policy with this name already exists. This spelling appears only in the REST API specification and the REST clients; the cluster's own code for it is probably FABRIC_E_BACKUP_POLICY_ALREADY_EXISTS."),
    "SerializationError": (500, "The cluster failed to serialize or deserialize data, for example a JSON request body it could not read. An internal Service Fabric error code, not part of the public FABRIC_E_* set; the gateway has no status for it and answers 500."),
    "FABRIC_E_DOES_NOT_EXIST": (None, "Set by the .NET REST client, not sent by the cluster: the gateway answered 404 without an error body."),
    "UNKNOWN": (None, "Set by the .NET REST client, not sent by the cluster: the gateway's error body carried no error code."),
    "NotFound": (404, "The requested item was not found. An internal Service Fabric error code (not E_NOT_FOUND, 0x80070490, which the gateway answers with 500); the gateway answers it with 404. FabricClient's retry helpers count it as success when retrying a delete: the item is already gone."),
}
FABRIC_EXTRA_NOTES = {
    "FABRIC_E_BACKUP_POLICY_NOT_EXISTING": ["The related native name is matched by wording only (inferred)."],
    "FABRIC_E_FAULT_ANALYSIS_SERVICE_NOT_EXISTING": ["The related native name is matched by wording only (inferred)."],
    "FABRIC_E_BACKUP_POLICY_ALREADY_EXISTING": ["The related native name is matched by wording only (inferred)."],
    "SerializationError": ["HRESULT 0x80071CEA is computed from the order of the internal codes (the 91st), not published (inferred)."],
    "NotFound": ["HRESULT 0x80071CF0 is computed from the order of the internal codes (the 97th), not published (inferred)."],
    "UNKNOWN": ["REST client enum value 0."],
    "FABRIC_E_DOES_NOT_EXIST": ["REST client enum value 1."],
}


def fabric():
    data = load("fabric")
    date_sources(data)
    add_source(data, {
        "id": "extra",
        "kind": "reference",
        "document": "fabric-codes-extra.tsv",
        "title": "Newer .NET FabricErrorCode members, REST specification spellings and internal gateway codes (FabricErrorCode.xml, servicefabric.json stable/9.1, ErrorCodeValue.h)",
        "table": None,
        "date": READ_ON,
    })
    by_code = {e["code"]: e for e in data["entries"]}
    for r in tsv("fabric-http-status-map.tsv"):
        e = by_code.get(r["name"])
        if e is not None and e["source"] != "seed" and e.get("status") != int(r["http_status"]):
            e["status"] = int(r["http_status"])
    for r in tsv("fabric-codes-extra.tsv"):
        status, message = FABRIC_EXTRA[r["code"]]
        hresult = r["hresult"].split(" ")[0] or None
        entry = {"code": r["code"], "status": status}
        if hresult:
            entry["hresult"] = hresult
        entry["message"] = message
        if r["code"] in FABRIC_EXTRA_NOTES:
            entry["notes"] = FABRIC_EXTRA_NOTES[r["code"]]
        entry["source"] = "extra"
        if r["code"] in by_code:
            by_code[r["code"]].update(entry)
        else:
            data["entries"].append(entry)
            by_code[r["code"]] = entry
    for r in tsv("fabric-dotnet-names.tsv"):
        e = by_code.get(r["native_name"])
        if e is not None:
            add_alias(e, r["dotnet_name"])
    types = {}
    for r in tsv("fabric-exception-types.tsv"):
        # "FabricImageBuilderValidationException (internal)": the type name
        # is the first word.
        t = r["exception_type"].split(" ")[0]
        if t.startswith("System.Fabric.") and r["native_name"]:
            types.setdefault(t, set()).add(r["native_name"])
    for t, natives in sorted(types.items()):
        # A type that several codes raise (FabricElementNotFoundException)
        # names none of them.
        if len(natives) != 1:
            continue
        e = by_code.get(next(iter(natives)))
        if e is not None:
            add_alias(e, t.rsplit(".", 1)[1])
            add_alias(e, t)
    save("fabric", data)


# ---------------------------------------------------------------- batch
BATCH_NEW = {
    "AccountLowPriorityCoreQuotaReached": "A pool resize failed because the Batch account has used up its quota of low-priority cores.",
    "MissingPublisherPropertyInMarketPlacePlan": "A pool resize failed because the Azure Marketplace image plan of the pool does not name a publisher.",
    "OverconstrainedAllocationRequestError": "A pool resize failed because the constraints on where and how to allocate the nodes cannot all be met at once.",
    "CommunicationEnabledPoolReachedMaxVMCount": "A pool resize failed because the pool has inter-node communication enabled and has reached the most VMs such a pool can hold.",
    "AccountSpotCoreQuotaReached": "A pool resize failed because the Batch account has used up its quota of Spot cores.",
    "FailedIdentityOperation": "A pool resize failed because an operation on the pool's managed identity failed.",
    "DiskEncryptionFailure": "A pool resize failed because disk encryption could not be set up on the new nodes.",
    "DependentResourceNotFound": "A pool resize failed because a resource the pool refers to does not exist.",
    "OperationsRestrictedByPolicy": "A pool resize failed because an Azure Policy assignment does not allow the operation.",
    "OperationsOnPublicIPRestrictedByPolicy": "A pool resize failed because an Azure Policy assignment does not allow the operation on the public IP address.",
    "OperationsOnImageRestrictedByPolicy": "A pool resize failed because an Azure Policy assignment does not allow the operation on the custom image.",
    "OperationsOnNetworkSecurityGroupRestrictedByPolicy": "A pool resize failed because an Azure Policy assignment does not allow the operation on the network security group.",
    "OperationsOnLoadBalancerRestrictedByPolicy": "A pool resize failed because an Azure Policy assignment does not allow the operation on the load balancer.",
    "OperationsOnVirtualNetworkRestrictedByPolicy": "A pool resize failed because an Azure Policy assignment does not allow the operation on the virtual network.",
    "OperationsOnPrivateLinkRestrictedByPolicy": "A pool resize failed because an Azure Policy assignment does not allow the Private Link operation.",
    "OperationsOnPrivateEndpointRestrictedByPolicy": "A pool resize failed because an Azure Policy assignment does not allow the operation on the private endpoint.",
    "IncompatibleVMSize": "A pool resize failed because the VM size does not fit the rest of the pool's configuration.",
    "UnsupportedVMSize": "A pool resize failed because the VM size is not supported.",
    "TooManyRequests": "Requests for the same pool arrived too close together and the service throttled them; slow down and try again.",
}


def batch():
    data = load("batch")
    date_sources(data)
    add_source(data, {
        "id": "extra-track2",
        "kind": "reference",
        "document": "batch-error-codes-extra.tsv",
        "title": "Azure/azure-sdk-for-net Azure.Compute.Batch BatchErrorCode.cs (batch-error-codes-extra.tsv)",
        "table": "Batch error codes of the newer (track 2) SDK",
        "date": READ_ON,
    })
    by_code = {e["code"]: e for e in data["entries"]}
    lower = {e["code"].lower(): e for e in data["entries"]}
    for r in tsv("batch-error-codes-extra.tsv"):
        code = r["code"]
        if code in by_code:
            continue
        if code == "AllocationTimedOut":
            # The same code in the newer SDK's spelling: lookups ignore case,
            # so the older row already answers it.
            e = lower["allocationtimedout"]
            note = "The newer SDK (BatchErrorCodeStrings.cs @39b39c66) spells the constant AllocationTimedOut, with a capital O."
            if note not in e.setdefault("notes", []):
                e["notes"].append(note)
            continue
        if code == "CertificateStateDeleteFailed":
            add_alias(by_code["CertificateDeleteFailed"], code)
            continue
        source = "extra-resize" if r["kind"] == "pool_resize_error" else "extra-track2"
        entry = {"code": code, "status": None, "message": BATCH_NEW[code], "source": source}
        data["entries"].append(entry)
        by_code[code] = entry
    save("batch", data)


# ---------------------------------------------------------------- cosmos
COSMOS_NEW = {
    (429, 10005): ("THROUGHPUT_CONTROL_BULK_REQUEST_RATE_TOO_LARGE", "Raised by the Java SDK on the client, not sent by the service: the SDK's own throughput control throttled a bulk request to stay within the configured budget."),
    (500, 20902): ("MISSING_PARTITION_KEY_RANGE_ID_IN_CONTEXT", "Raised by the Java SDK on the client, not sent by the service: the request's context carries no partition key range id."),
    (500, 20903): ("INVALID_REGIONS_IN_SESSION_TOKEN", "Raised by the Java SDK on the client, not sent by the service: the session tokens of the request disagree about the regions."),
    (500, 20904): ("NON_PARTITIONED_RESOURCES", "Raised by the Java SDK on the client, not sent by the service: the operation was attempted on a resource that is not partitioned."),
    (500, 20905): ("PARTITION_KEY_IS_NULL", "Raised by the Java SDK on the client, not sent by the service: the partition key of the request is null."),
    (500, 20906): ("UNKNOWN_AUTHORIZATION_TOKEN_KIND", "Raised by the Java SDK on the client, not sent by the service: the authorization token is of a kind the SDK does not know."),
    (500, 20907): ("RECREATE_REQUEST_ON_HTTP_CLIENT", "Raised by the Java SDK on the client, not sent by the service: the HTTP request has to be built again before it can be sent."),
    (500, 20908): ("INVALID_BACKEND_RESPONSE", "Raised by the Java SDK on the client, not sent by the service: a response from the back end was not valid."),
    (500, 20909): ("UNKNOWN_QUORUM_RESULT", "Raised by the Java SDK on the client, not sent by the service: the outcome of a quorum read or write could not be determined."),
    (500, 20910): ("INVALID_RESULT", "Raised by the Java SDK on the client, not sent by the service: the result of an operation was not valid."),
    (408, 20911): ("TRANSIT_TIMEOUT", "Raised by the Java SDK on the client, not sent by the service: the request timed out in transit. Java raises it with 408; the .NET source comment groups the number with the client-generated 500s."),
    (500, 20912): ("CLOSED_CLIENT", "Raised by the Java SDK on the client, not sent by the service: the client was already closed when the operation ran."),
    (503, 21005): ("ServerGenerated410", "A replica answered 410 (for example while it was still starting), and after the SDK's retries ran out the failure is reported as 503 Service Unavailable."),
    (410, 20001): ("TransportGenerated410", "Raised by the SDK on the client, not sent by the service: connecting to the service failed. This is the 410 form, before the SDK's retries; once they are exhausted it is reported as 503."),
    (410, 20002): ("TimeoutGenerated410", "Raised by the SDK on the client, not sent by the service: the request timed out on the client. This is the 410 form, before the SDK's retries; once they are exhausted it is reported as 503."),
    (410, 21001): ("Server_NameCacheIsStaleExceededRetryLimit", "The service kept reporting a stale name cache beyond the SDK's retry limit. An older Java SDK document lists this form with 410; the newer one lists it with 503."),
    (410, 21002): ("Server_PartitionKeyRangeGoneExceededRetryLimit", "The service kept reporting the partition key range as gone beyond the SDK's retry limit. An older Java SDK document lists this form with 410; the newer one lists it with 503."),
    (410, 21003): ("Server_CompletingSplitExceededRetryLimit", "A partition split kept being reported as in progress beyond the SDK's retry limit. An older Java SDK document lists this form with 410; the newer one lists it with 503."),
    (410, 21004): ("Server_CompletingPartitionMigrationExceededRetryLimit", "A partition migration kept being reported as in progress beyond the SDK's retry limit. An older Java SDK document lists this form with 410; the newer one lists it with 503."),
    (410, 21006): ("Server_GlobalStrongWriteBarrierNotMet", "A write with global strong consistency could not confirm its barrier in time; the Java SDK documents this 410 form, which becomes 503 after the SDK's retries."),
    (410, 21007): ("Server_ReadQuorumNotMet", "A read could not reach a quorum of replicas; the Java SDK documents this 410 form, which becomes 503 after the SDK's retries."),
}

# The status names Cosmos DB writes in its `code` field, by status.
COSMOS_STATUS_NAMES = {
    "200": ["OK"], "201": ["Created"], "204": ["NoContent"], "400": ["BadRequest"],
    "401": ["Unauthorized"], "403": ["Forbidden"], "404": ["NotFound"],
    "408": ["RequestTimeout"], "409": ["Conflict"], "412": ["PreconditionFailed"],
    "413": ["RequestEntityTooLarge"], "429": ["TooManyRequests", "RequestRateTooLarge"],
    "449": ["RetryWith"], "500": ["InternalServerError"], "503": ["ServiceUnavailable"],
}


def cosmos():
    data = load("cosmos")
    date_sources(data)
    keys = {(e.get("status"), e.get("substatus")) for e in data["entries"]}
    rows = {}
    for r in tsv("cosmos-substatus.tsv"):
        if r["http_status"].isdigit():
            rows[(int(r["http_status"]), int(r["substatus"]))] = r
    for (st, ss), (name, message) in COSMOS_NEW.items():
        r = rows[(st, ss)]
        assert r["name"] == name, (st, ss, r["name"])
        if (st, ss) in keys:
            continue
        source = "substatus-sdk-server" if r["origin"] == "sdk-server" else "substatus-sdk-client"
        data["entries"].append({"code": name, "status": st, "substatus": ss, "message": message, "source": source})
    # 20913: the newer Java document gives the status .NET leaves out.
    for e in data["entries"]:
        if e["code"] == "WriteRegionBarrierChangedMidOperation" and e.get("status") is None:
            e["status"] = 500
            note = "Status 500 from the Java SDK document (StatusCodes.md @582dc13e, range 20912-20913); the .NET SDK defines the number without a status."
            if note not in e.setdefault("notes", []):
                e["notes"].append(note)
    codes = {e["code"].lower() for e in data["entries"]}
    for e in data["entries"]:
        if e["source"] == "seed" and e["code"] in COSMOS_STATUS_NAMES:
            for n in COSMOS_STATUS_NAMES[e["code"]]:
                if n.lower() not in codes:
                    add_alias(e, n)
    save("cosmos", data)


def dates_only(service):
    data = load(service)
    date_sources(data)
    save(service, data)


if __name__ == "__main__":
    fabric()
    batch()
    cosmos()
    dates_only("veeam")
    dates_only("iis-media")
    if STALE:
        print("stale (run tools/import_reference.py): " + ", ".join(STALE), file=sys.stderr)
        sys.exit(1)
