/**
 * The Kubernetes manifests, validated against the Kubernetes schemas by kubernetes-models, and
 * checked to fit together (labels, ports, names, the health path, the configuration they set); and
 * the compose file that puts three replicas behind Caddy.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parse, YAMLSeq } from 'yaml';
import { CONFIG_VARIABLES } from '../../src/config.js';
import { HEALTH_PATH } from '../../src/http/health.js';
import { REPO_ROOT } from '../support/paths.js';

/** Compose's `!reset` (drop what the base file set) is a tag of its own; here it is the empty list it leaves. */
const composeReset = { tag: '!reset', collection: 'seq' as const, resolve: () => new YAMLSeq() };
const read = (file: string) =>
  parse(readFileSync(path.join(REPO_ROOT, file), 'utf8'), { merge: true, customTags: [composeReset] });
const k8s = (file: string) => read(`deploy/k8s/${file}`);

const deployment = new Deployment(k8s('deployment.yaml'));
const service = new Service(k8s('service.yaml'));
const ingress = new Ingress(k8s('ingress.yaml'));
const hpa = new HorizontalPodAutoscaler(k8s('hpa.yaml'));
const secret = new Secret(k8s('secret.example.yaml'));

describe('deploy/k8s', () => {
  it('is valid Kubernetes, each object by its own schema', () => {
    for (const object of [deployment, service, ingress, hpa, secret])
      expect(() => object.validate()).not.toThrow();
  });

  it('the validation can fail: a Deployment without its selector is refused', () => {
    const broken = new Deployment({
      ...k8s('deployment.yaml'),
      spec: { ...k8s('deployment.yaml').spec, selector: undefined },
    });
    expect(() => broken.validate()).toThrow();
  });

  it('runs the service, ready when /healthz answers on the port the Service targets', () => {
    const container = deployment.spec?.template.spec?.containers[0];
    expect(container?.args).toEqual(['start', '--no-console']);
    expect(container?.readinessProbe?.httpGet?.path).toBe(HEALTH_PATH);
    const portName = container?.readinessProbe?.httpGet?.port;
    const port = container?.ports?.find((p) => p.name === portName);
    expect(port?.containerPort).toBe(3000);
    expect(container?.env?.find((e) => e.name === 'PORT')?.value).toBe(String(port?.containerPort));
    expect(service.spec?.ports?.[0]?.targetPort).toBe(portName);
    expect(service.spec?.selector).toEqual(deployment.spec?.template.metadata?.labels);
    expect(deployment.spec?.selector.matchLabels).toEqual(deployment.spec?.template.metadata?.labels);
  });

  it('serves Discord over HTTP (replicas cannot share a gateway session)', () => {
    const env = deployment.spec?.template.spec?.containers[0]?.env ?? [];
    expect(env.find((e) => e.name === 'DISCORD_MODE')?.value).toBe('http');
    expect(Object.keys(secret.stringData ?? {})).toContain('DISCORD_PUBLIC_KEY');
  });

  it('routes Slack and Discord through the Ingress to the Service', () => {
    const paths = ingress.spec?.rules?.[0]?.http?.paths ?? [];
    expect(paths.map((p) => p.path).sort()).toEqual(['/discord/interactions', '/slack']);
    for (const p of paths) expect(p.backend.service?.name).toBe(service.metadata?.name);
  });

  it('scales the Deployment on CPU', () => {
    expect(hpa.spec?.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata?.name });
    expect(hpa.spec?.metrics?.[0]?.resource?.name).toBe('cpu');
    expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(2);
  });

  it('sets only variables the configuration reads, and references the Secret template', () => {
    const env = deployment.spec?.template.spec?.containers[0]?.env ?? [];
    const names = [...env.map((e) => e.name), ...Object.keys(secret.stringData ?? {})];
    expect(names.filter((n) => !CONFIG_VARIABLES.includes(n))).toEqual([]);
    const from = deployment.spec?.template.spec?.containers[0]?.envFrom?.[0]?.secretRef?.name;
    expect(from).toBe(secret.metadata?.name);
  });
});

describe('docker-compose.scale.yml', () => {
  const scale = read('docker-compose.scale.yml') as {
    services: Record<
      string,
      {
        image?: string;
        profiles?: string[];
        ports?: string[];
        deploy?: { replicas: number };
        environment?: Record<string, string>;
      }
    >;
  };

  it('runs three app replicas behind an official Caddy image, in the scale profile', () => {
    expect(scale.services.app?.deploy?.replicas).toBe(3);
    expect(scale.services.lb?.image).toMatch(/^caddy:2/);
    expect(scale.services.lb?.profiles).toEqual(['scale']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's own interpolation, as the file has it
    expect(scale.services.lb?.ports).toEqual(['${APP_PORT:-3000}:3000']);
    // The replicas publish no port of their own: the balancer has it.
    expect(scale.services.app?.ports).toEqual([]);
    // Replicas cannot share a gateway session.
    expect(scale.services.app?.environment?.DISCORD_MODE).toBe('http');
  });

  it('the Caddyfile balances over the app replicas and checks their health', () => {
    const caddyfile = readFileSync(path.join(REPO_ROOT, 'deploy/Caddyfile'), 'utf8');
    expect(caddyfile).toMatch(/dynamic a app 3000/);
    expect(caddyfile).toContain(`health_uri ${HEALTH_PATH}`);
  });
});
