"""Structural schemas for the custom resources in deploy/k8s/.

kubernetes-validate ships the schemas of Kubernetes' own kinds only, and nothing here may fetch
an operator's CRD at test time. These schemas are written for this repository from the
operators' documented fields: every field used must be a known one (so a misspelt field fails),
and the fields the deployment relies on must be present. They check less than the CRDs would
(no defaults, no nested pod templates), so a cluster's `kubectl apply --dry-run=server` remains
the final word.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

STRING: Schema = {"type": "string"}
STRINGS: Schema = {"type": "array", "items": STRING}
INTEGER: Schema = {"type": "integer"}
OBJECT: Schema = {"type": "object"}
DURATION: Schema = {"type": "string", "pattern": r"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$"}


def closed(required: list[str], **properties: Schema) -> Schema:
    """An object with exactly these known properties, some of them required."""
    return {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


def resource(api_version: str, kind: str, spec: Schema) -> Schema:
    metadata = closed(
        ["name", "namespace"], name=STRING, namespace=STRING, labels=OBJECT, annotations=OBJECT
    )
    return closed(
        ["apiVersion", "kind", "metadata", "spec"],
        apiVersion={"const": api_version},
        kind={"const": kind},
        metadata=metadata,
        spec=spec,
    )


RABBITMQ_CLUSTER = resource(
    "rabbitmq.com/v1beta1",
    "RabbitmqCluster",
    closed(
        ["replicas", "image", "persistence", "rabbitmq"],
        replicas={"type": "integer", "minimum": 1},
        image=STRING,
        imagePullSecrets={"type": "array"},
        resources=closed([], requests=OBJECT, limits=OBJECT),
        persistence=closed(["storage"], storage=STRING, storageClassName=STRING),
        affinity=OBJECT,
        tolerations={"type": "array"},
        service=OBJECT,
        override=OBJECT,
        tls=OBJECT,
        secretBackend=OBJECT,
        terminationGracePeriodSeconds=INTEGER,
        delayStartSeconds=INTEGER,
        skipPostDeploySteps={"type": "boolean"},
        autoEnableAllFeatureFlags={"type": "boolean"},
        rabbitmq=closed(
            [],
            additionalConfig=STRING,
            advancedConfig=STRING,
            envConfig=STRING,
            additionalPlugins=STRINGS,
            erlangInetConfig=STRING,
        ),
    ),
)

_RABBITMQ_TRIGGER_METADATA = closed(
    ["queueName", "mode", "value"],
    host=STRING,
    hostFromEnv=STRING,
    usernameFromEnv=STRING,
    passwordFromEnv=STRING,
    protocol={"enum": ["auto", "amqp", "http"]},
    queueName=STRING,
    mode={"enum": ["QueueLength", "MessageRate"]},
    value={"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$"},
    activationValue=STRING,
    vhostName=STRING,
    excludeUnacknowledged=STRING,
    unsafeSsl=STRING,
    timeout=STRING,
)

SCALED_OBJECT = resource(
    "keda.sh/v1alpha1",
    "ScaledObject",
    closed(
        ["scaleTargetRef", "minReplicaCount", "maxReplicaCount", "triggers"],
        scaleTargetRef=closed(
            ["name"], name=STRING, kind=STRING, apiVersion=STRING, envSourceContainerName=STRING
        ),
        minReplicaCount=INTEGER,
        maxReplicaCount=INTEGER,
        idleReplicaCount=INTEGER,
        pollingInterval=INTEGER,
        cooldownPeriod=INTEGER,
        initialCooldownPeriod=INTEGER,
        fallback=OBJECT,
        advanced=closed(
            [],
            restoreToOriginalReplicaCount={"type": "boolean"},
            horizontalPodAutoscalerConfig=closed([], name=STRING, behavior=OBJECT),
            scalingModifiers=OBJECT,
        ),
        triggers={
            "type": "array",
            "minItems": 1,
            "items": closed(
                ["type", "metadata"],
                type={"const": "rabbitmq"},
                name=STRING,
                metadata=_RABBITMQ_TRIGGER_METADATA,
                authenticationRef=closed(["name"], name=STRING, kind=STRING),
                metricType={"enum": ["AverageValue", "Value", "Utilization"]},
                useCachedMetrics={"type": "boolean"},
            ),
        },
    ),
)

_ISSUER_REF = closed(
    ["name", "kind"], name=STRING, kind={"enum": ["Issuer", "ClusterIssuer"]}, group=STRING
)
_USAGES = {
    "enum": [
        "signing",
        "digital signature",
        "content commitment",
        "key encipherment",
        "key agreement",
        "data encipherment",
        "cert sign",
        "crl sign",
        "encipher only",
        "decipher only",
        "any",
        "server auth",
        "client auth",
        "code signing",
        "email protection",
        "s/mime",
        "ipsec end system",
        "ipsec tunnel",
        "ipsec user",
        "timestamping",
        "ocsp signing",
        "microsoft sgc",
        "netscape sgc",
    ]
}

CERTIFICATE = resource(
    "cert-manager.io/v1",
    "Certificate",
    closed(
        ["secretName", "issuerRef"],
        secretName=STRING,
        issuerRef=_ISSUER_REF,
        commonName=STRING,
        dnsNames=STRINGS,
        ipAddresses=STRINGS,
        uris=STRINGS,
        emailAddresses=STRINGS,
        duration=DURATION,
        renewBefore=DURATION,
        isCA={"type": "boolean"},
        usages={"type": "array", "items": _USAGES},
        subject=OBJECT,
        secretTemplate=OBJECT,
        keystores=OBJECT,
        revisionHistoryLimit=INTEGER,
        privateKey=closed(
            [],
            algorithm={"enum": ["RSA", "ECDSA", "Ed25519"]},
            size=INTEGER,
            encoding={"enum": ["PKCS1", "PKCS8"]},
            rotationPolicy={"enum": ["Never", "Always"]},
        ),
    ),
)

ISSUER = resource(
    "cert-manager.io/v1",
    "Issuer",
    {
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "properties": {
            "selfSigned": OBJECT,
            "ca": closed(["secretName"], secretName=STRING, crlDistributionPoints=STRINGS),
            "acme": OBJECT,
            "vault": OBJECT,
            "venafi": OBJECT,
        },
        "additionalProperties": False,
    },
)

EXTERNAL_SECRET = resource(
    "external-secrets.io/v1",
    "ExternalSecret",
    closed(
        ["secretStoreRef", "target", "data"],
        refreshInterval=DURATION,
        secretStoreRef=closed(
            ["name", "kind"], name=STRING, kind={"enum": ["SecretStore", "ClusterSecretStore"]}
        ),
        target=closed(
            ["name"],
            name=STRING,
            creationPolicy={"enum": ["Owner", "Orphan", "Merge", "None"]},
            deletionPolicy={"enum": ["Delete", "Merge", "Retain"]},
            template=OBJECT,
            immutable={"type": "boolean"},
        ),
        data={
            "type": "array",
            "minItems": 1,
            "items": closed(
                ["secretKey", "remoteRef"],
                secretKey=STRING,
                remoteRef=closed(
                    ["key"],
                    key=STRING,
                    property=STRING,
                    version=STRING,
                    decodingStrategy=STRING,
                    conversionStrategy=STRING,
                ),
                sourceRef=OBJECT,
            ),
        },
        dataFrom={"type": "array"},
    ),
)

BY_KIND: dict[tuple[str, str], Schema] = {
    (schema["properties"]["apiVersion"]["const"], schema["properties"]["kind"]["const"]): schema
    for schema in (RABBITMQ_CLUSTER, SCALED_OBJECT, CERTIFICATE, ISSUER, EXTERNAL_SECRET)
}
