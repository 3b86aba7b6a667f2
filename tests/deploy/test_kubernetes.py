"""deploy/k8s/: the resources kustomization.yaml lists, each valid against its schema, and
wired to each other (names, labels, ports, secrets, queues) as the design needs.

Kubernetes' own kinds are validated strictly (unknown fields fail) with kubernetes-validate's
bundled schemas, offline. The operators' kinds (RabbitmqCluster, ScaledObject, Certificate,
Issuer, ExternalSecret) have no schema there; tests/deploy/crd_schemas.py checks their structure.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml
from kubernetes_validate.utils import latest_version

from rabbitmq.topology import DEFAULT_TOPOLOGY
from tests.deploy.crd_schemas import BY_KIND
from tests.deploy.support import K8S, load_all_yaml, load_yaml

Resource = dict[str, Any]

# The oldest Kubernetes release the manifests support, and the newest with bundled schemas.
KUBERNETES_VERSIONS = ("1.30.0", latest_version())
WORKLOADS = ("Deployment", "StatefulSet")
APP_IMAGES = {"dinner", "dinner-ai", "dinner-web"}
HTTP_APIS = {"command-api": 8000, "query-api": 8002}
CONSUMERS = {"relay", "projector", "notifications"}
# Made by the operators at run time rather than listed here.
OPERATOR_SECRETS = {"rabbitmq-default-user"}


def kustomization() -> dict[str, Any]:
    document: dict[str, Any] = load_yaml(K8S / "kustomization.yaml")
    return document


def generated_config_maps() -> list[Resource]:
    """What configMapGenerator makes, under its unhashed name."""
    made = []
    for generator in kustomization().get("configMapGenerator", []):
        data = {}
        for entry in generator["files"]:
            key, _, file = entry.partition("=")
            data[key] = (K8S / (file or key)).read_text()
        made.append(
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {"name": generator["name"], "namespace": kustomization()["namespace"]},
                "data": data,
            }
        )
    return made


def assembled() -> list[Resource]:
    """Every resource of kustomization.yaml, as kustomize would gather them."""
    found = [doc for entry in kustomization()["resources"] for doc in load_all_yaml(K8S / entry)]
    return found + generated_config_maps()


RESOURCES = assembled()


def named(kind: str) -> dict[str, Resource]:
    return {r["metadata"]["name"]: r for r in RESOURCES if r["kind"] == kind}


def pod_templates() -> dict[str, Resource]:
    """Pod spec of every workload (and the migration Job), by workload name."""
    found = {}
    for resource in RESOURCES:
        if resource["kind"] in (*WORKLOADS, "Job"):
            found[resource["metadata"]["name"]] = resource["spec"]["template"]
    return found


def containers(template: Resource) -> list[Resource]:
    spec = template["spec"]
    found: list[Resource] = spec.get("initContainers", []) + spec["containers"]
    return found


def env_value(container: Resource, name: str) -> Any:
    (entry,) = [e for e in container.get("env", []) if e["name"] == name]
    return entry.get("value", entry.get("valueFrom"))


def resource_id(resource: Resource) -> str:
    return f"{resource['kind']}/{resource['metadata']['name']}"


CORE = [r for r in RESOURCES if (r["apiVersion"], r["kind"]) not in BY_KIND]
CUSTOM = [r for r in RESOURCES if (r["apiVersion"], r["kind"]) in BY_KIND]


def test_every_listed_file_exists_and_every_manifest_is_listed() -> None:
    listed = set(kustomization()["resources"])
    assert all((K8S / entry).is_file() for entry in listed)
    on_disk = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    # secret.example.yaml is applied by hand, never by kustomize (it holds placeholders).
    assert on_disk - listed == {"secret.example.yaml"}


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("resource", CORE, ids=resource_id)
def test_kubernetes_kinds_validate_strictly(resource: Resource, version: str) -> None:
    kubernetes_validate.validate(resource, version, strict=True)


def test_the_strict_validation_catches_a_misspelt_field() -> None:
    broken = yaml.safe_load(yaml.safe_dump(named("Deployment")["relay"]))
    broken["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSIONS[-1], strict=True)


@pytest.mark.parametrize("resource", CUSTOM, ids=resource_id)
def test_operator_kinds_have_the_expected_structure(resource: Resource) -> None:
    jsonschema.validate(resource, BY_KIND[(resource["apiVersion"], resource["kind"])])


def test_the_operator_schemas_reject_an_unknown_field() -> None:
    broken = yaml.safe_load(yaml.safe_dump(named("ScaledObject")["ai-worker"]))
    broken["spec"]["triggers"][0]["metadata"]["queueLenght"] = "5"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, BY_KIND[("keda.sh/v1alpha1", "ScaledObject")])


def test_everything_lives_in_the_one_namespace() -> None:
    namespace = kustomization()["namespace"]
    assert named("Namespace").keys() == {namespace}
    for resource in RESOURCES:
        if resource["kind"] != "Namespace":
            assert resource["metadata"].get("namespace") == namespace, resource_id(resource)
    assert len({resource_id(r) for r in RESOURCES}) == len(RESOURCES), "duplicate resources"


def test_images_are_pinned_or_set_by_kustomize() -> None:
    mapped = {image["name"] for image in kustomization()["images"]}
    assert mapped == APP_IMAGES
    images = [c["image"] for t in pod_templates().values() for c in containers(t)]
    images.append(named("RabbitmqCluster")["rabbitmq"]["spec"]["image"])
    for image in images:
        if image not in APP_IMAGES:
            tag = image.rpartition(":")[2]
            assert ":" in image and tag and tag != "latest", f"{image} is not pinned"
    assert APP_IMAGES <= set(images)


def test_the_event_store_is_a_three_node_statefulset_behind_a_headless_service() -> None:
    kurrentdb = named("StatefulSet")["kurrentdb"]
    service = named("Service")[kurrentdb["spec"]["serviceName"]]
    assert kurrentdb["spec"]["replicas"] == 3
    assert service["spec"]["clusterIP"] == "None"
    assert service["spec"]["publishNotReadyAddresses"] is True
    (container,) = containers(kurrentdb["spec"]["template"])
    assert env_value(container, "KURRENTDB_CLUSTER_SIZE") == "3"
    cluster_dns = env_value(container, "KURRENTDB_CLUSTER_DNS")
    namespace = kustomization()["namespace"]
    assert cluster_dns == f"{service['metadata']['name']}.{namespace}.svc.cluster.local"
    certificate = next(
        c for c in named("Certificate").values() if c["spec"]["secretName"] == "kurrentdb-tls"
    )
    assert cluster_dns in certificate["spec"]["dnsNames"]
    assert f"*.{cluster_dns}" in certificate["spec"]["dnsNames"]
    name = env_value(container, "KURRENTDB_CERTIFICATE_RESERVED_NODE_COMMON_NAME")
    assert name == certificate["spec"]["commonName"]
    assert "server auth" in certificate["spec"]["usages"]
    assert "client auth" in certificate["spec"]["usages"]
    assert kurrentdb["spec"]["volumeClaimTemplates"][0]["metadata"]["name"] == "data"


def test_the_broker_is_a_three_node_rabbitmq_cluster() -> None:
    cluster = named("RabbitmqCluster")["rabbitmq"]
    assert cluster["spec"]["replicas"] == 3
    config = cluster["spec"]["rabbitmq"]["additionalConfig"]
    assert "quorum_queue.continuous_membership_reconciliation.target_group_size = 3" in config


def test_the_http_apis_are_probed_on_ready_and_health() -> None:
    templates = pod_templates()
    for name, port in HTTP_APIS.items():
        (container,) = containers(templates[name])
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert ports == {"http": port}
        assert container["args"][container["args"].index("--port") + 1] == str(port)
        assert container["readinessProbe"]["httpGet"] == {"path": "/ready", "port": "http"}
        assert container["livenessProbe"]["httpGet"] == {"path": "/health", "port": "http"}
        service = named("Service")[name]
        assert service["spec"]["ports"][0]["port"] == port


def test_consumers_without_http_are_checked_by_their_broker_connection() -> None:
    templates = pod_templates()
    for name in CONSUMERS:
        (container,) = containers(templates[name])
        assert "readinessProbe" not in container, f"{name} serves no traffic"
        command = container["livenessProbe"]["exec"]["command"]
        assert command == ["dinner-healthcheck", "--connected-to", "5672"]
    assert named("Deployment")["relay"]["spec"]["replicas"] == 2
    assert named("Deployment")["projector"]["spec"]["replicas"] == 2


def test_the_ai_worker_runs_on_a_gpu_node_with_one_gpu() -> None:
    template = pod_templates()["ai-worker"]
    assert template["spec"]["nodeSelector"] == {"nvidia.com/gpu.present": "true"}
    (container,) = containers(template)
    assert container["image"] == "dinner-ai"
    assert container["resources"]["limits"]["nvidia.com/gpu"] == 1
    assert env_value(container, "AI_DEVICE") == "cuda"
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/health", "port": "health"}
    assert {p["name"]: p["containerPort"] for p in container["ports"]} == {"health": 8001}


def test_autoscalers_target_existing_deployments_and_queues() -> None:
    deployments = named("Deployment")
    targets = Counter()
    for hpa in named("HorizontalPodAutoscaler").values():
        ref = hpa["spec"]["scaleTargetRef"]
        assert ref["kind"] == "Deployment" and ref["name"] in deployments
        targets[ref["name"]] += 1
    queues = {queue.name for queue in DEFAULT_TOPOLOGY.work_queues}
    scaled_queues = set()
    for scaled in named("ScaledObject").values():
        name = scaled["spec"]["scaleTargetRef"]["name"]
        assert name in deployments
        targets[name] += 1
        (container,) = containers(deployments[name]["spec"]["template"])
        for trigger in scaled["spec"]["triggers"]:
            metadata = trigger["metadata"]
            assert metadata["queueName"] in queues
            scaled_queues.add(metadata["queueName"])
            for variable in (metadata["usernameFromEnv"], metadata["passwordFromEnv"]):
                assert env_value(container, variable)["secretKeyRef"]["name"] in OPERATOR_SECRETS
    assert max(targets.values()) == 1, "one autoscaler per Deployment"
    assert set(targets) == {"command-api", "query-api", "notifications", "ai-worker"}
    assert {"ai.stt", "ai.llm", "ai.image", "notifications"} == scaled_queues
    # The projections queue has a single active consumer: more projectors would only wait.
    assert DEFAULT_TOPOLOGY.queue("projections").single_active_consumer
    assert "projector" not in targets


def test_every_workload_has_a_disruption_budget_matching_its_pods() -> None:
    budgets = list(named("PodDisruptionBudget").values())
    workloads = {n: t["metadata"]["labels"] for n, t in pod_templates().items()}
    workloads.pop("dinner-migrate")
    workloads["rabbitmq"] = {"app.kubernetes.io/name": "rabbitmq"}  # the operator's pod labels
    for name, labels in workloads.items():
        matching = [
            b for b in budgets if b["spec"]["selector"]["matchLabels"].items() <= labels.items()
        ]
        assert len(matching) == 1, f"{name} needs exactly one PodDisruptionBudget"


def test_services_select_pods_and_name_their_ports() -> None:
    templates = pod_templates()
    for name, service in named("Service").items():
        selector = service["spec"]["selector"].items()
        (template,) = [t for t in templates.values() if selector <= t["metadata"]["labels"].items()]
        port_names = {p["name"] for c in containers(template) for p in c.get("ports", [])}
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in port_names, f"{name}: {port['targetPort']}"


def test_references_resolve_to_resources_of_this_deployment() -> None:
    config_maps = set(named("ConfigMap"))
    secrets = {e["spec"]["target"]["name"] for e in named("ExternalSecret").values()}
    secrets |= {c["spec"]["secretName"] for c in named("Certificate").values()}
    secrets |= OPERATOR_SECRETS
    claims = set(named("PersistentVolumeClaim"))
    for name, template in pod_templates().items():
        for volume in template["spec"].get("volumes", []):
            if "configMap" in volume:
                assert volume["configMap"]["name"] in config_maps, name
            if "secret" in volume:
                assert volume["secret"]["secretName"] in secrets, name
            if "persistentVolumeClaim" in volume:
                assert volume["persistentVolumeClaim"]["claimName"] in claims, name
        for container in containers(template):
            for source in container.get("envFrom", []):
                ref = source.get("configMapRef") or source["secretRef"]
                assert ref["name"] in config_maps | secrets, name
            for entry in container.get("env", []):
                ref = entry.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["name"] in secrets, f"{name}: {entry['name']}"


def test_the_external_secret_provides_every_key_the_pods_read() -> None:
    (external,) = named("ExternalSecret").values()
    provided = {item["secretKey"] for item in external["spec"]["data"]}
    target = external["spec"]["target"]["name"]
    read = {
        entry["valueFrom"]["secretKeyRef"]["key"]
        for template in pod_templates().values()
        for container in containers(template)
        for entry in container.get("env", [])
        if entry.get("valueFrom", {}).get("secretKeyRef", {}).get("name") == target
    }
    assert read <= provided
    assert {"DATABASE_URL", "REDIS_URL", "JWT_SECRET", "KURRENTDB_PASSWORD"} <= provided
    example = load_all_yaml(K8S / "secret.example.yaml")[0]
    assert example["metadata"]["name"] == target
    assert set(example["stringData"]) == provided


def test_the_services_reach_kurrentdb_over_tls_and_rabbitmq_through_its_service() -> None:
    for name, template in pod_templates().items():
        if name in ("kurrentdb", "caddy", "web"):  # no event store, no broker
            continue
        (container,) = containers(template)
        url = env_value(container, "EVENT_STORE_URL")
        assert url.startswith("kurrentdb+discover://") and "tls=true" in url, name
        ca_file = url.split("tlsCaFile=")[1]
        mounted = {m["mountPath"] for m in container["volumeMounts"]}
        assert str(Path(ca_file).parent) in mounted, name
        assert "@rabbitmq.dinner.svc.cluster.local:5672/" in env_value(container, "RABBITMQ_URL")
        sources = {s.get("configMapRef", s.get("secretRef"))["name"] for s in container["envFrom"]}
        assert sources == {"dinner-config", "dinner-secrets"}, name


def test_caddy_proxies_to_the_api_services() -> None:
    (container,) = containers(pod_templates()["caddy"])
    services = named("Service")
    for variable, name in (("COMMAND_API", "command-api"), ("QUERY_API", "query-api")):
        port = services[name]["spec"]["ports"][0]["port"]
        assert env_value(container, variable) == f"{name}:{port}"
    listen = env_value(container, "SITE_ADDRESS")
    assert {p["containerPort"] for p in container["ports"]} == {int(listen.lstrip(":"))}
    (rule,) = named("Ingress")["dinner"]["spec"]["rules"]
    assert rule["http"]["paths"][0]["backend"]["service"]["name"] == "caddy"


def test_the_pods_run_unprivileged() -> None:
    for name, template in pod_templates().items():
        pod = template["spec"].get("securityContext", {})
        assert pod.get("runAsNonRoot") is True, name
        assert pod.get("seccompProfile") == {"type": "RuntimeDefault"}, name
        assert template["spec"].get("automountServiceAccountToken") is False, name
        for container in containers(template):
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False, name
            assert context["capabilities"]["drop"] == ["ALL"], name


def test_kustomize_renders_the_same_resources() -> None:
    """With kubectl on the machine, its built-in kustomize must agree with the assembly above."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed; the assembled resources are checked above")
    result = subprocess.run(
        [kubectl, "kustomize", str(K8S)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    rendered = [doc for doc in yaml.safe_load_all(result.stdout) if doc]

    def identity(resource: Resource) -> tuple[str, str]:
        name = resource["metadata"]["name"]
        if resource["kind"] == "ConfigMap" and name.startswith("caddy-config-"):
            name = "caddy-config"  # kustomize appends a hash of the content
        return resource["kind"], name

    assert sorted(map(identity, rendered)) == sorted(map(identity, RESOURCES))
    for resource in rendered:
        if (resource["apiVersion"], resource["kind"]) not in BY_KIND:
            kubernetes_validate.validate(resource, KUBERNETES_VERSIONS[-1], strict=True)
    images = {
        c["image"]
        for r in rendered
        if r["kind"] in WORKLOADS
        for c in r["spec"]["template"]["spec"]["containers"]
    }
    assert not images & APP_IMAGES, "kustomize must replace the application image names"
