{{/* The release's name for its objects, at most 63 characters. */}}
{{- define "vmpooler.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object besides the selector labels. */}}
{{- define "vmpooler.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "vmpooler.labels" -}}
{{ include "vmpooler.commonLabels" . }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of one component (api, manager, redis): pass (list $ "api"). */}}
{{- define "vmpooler.selectorLabels" -}}
{{- $ := index . 0 -}}
app.kubernetes.io/name: {{ $.Chart.Name }}
app.kubernetes.io/instance: {{ $.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "vmpooler.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "vmpooler.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "vmpooler.poolsConfigMap" -}}
{{- default (printf "%s-pools" (include "vmpooler.fullname" .)) .Values.poolsConfigMapName -}}
{{- end -}}

{{- define "vmpooler.redisHost" -}}
{{- if .Values.redis.enabled -}}
{{- printf "%s-redis" (include "vmpooler.fullname" .) -}}
{{- else -}}
{{- required "redis.host is required when redis.enabled is false" .Values.redis.host -}}
{{- end -}}
{{- end -}}

{{- define "vmpooler.redisSecret" -}}
{{- default (printf "%s-redis" (include "vmpooler.fullname" .)) .Values.redis.auth.existingSecret -}}
{{- end -}}

{{/* Whether a Redis password Secret is in play at all. */}}
{{- define "vmpooler.redisAuth" -}}
{{- if or .Values.redis.auth.existingSecret .Values.redis.auth.password -}}true{{- end -}}
{{- end -}}

{{/* The pod template shared by the API and the manager: pass (list $ "api" "api"), role and component. */}}
{{- define "vmpooler.podTemplate" -}}
{{- $ := index . 0 -}}
{{- $role := index . 1 -}}
{{- $component := index . 2 -}}
{{- $values := index $.Values $component -}}
metadata:
  labels:
    {{- include "vmpooler.commonLabels" $ | nindent 4 }}
    {{- include "vmpooler.selectorLabels" (list $ $component) | nindent 4 }}
  annotations:
    # Configuration is read once at start: a changed ConfigMap rolls the pods.
    checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") $ | sha256sum }}
    {{- with $values.annotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "vmpooler.serviceAccountName" $ }}
  {{- with $.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml $.Values.podSecurityContext | nindent 4 }}
  # Long enough for the manager to let provider calls in flight finish after SIGTERM.
  terminationGracePeriodSeconds: 60
  containers:
    - name: vmpooler-{{ $component }}
      image: "{{ $.Values.image.repository }}:{{ default $.Chart.AppVersion $.Values.image.tag }}"
      imagePullPolicy: {{ $.Values.image.pullPolicy }}
      args: [{{ $role | quote }}]
      securityContext:
        {{- toYaml $.Values.securityContext | nindent 8 }}
      ports:
        - name: http
          containerPort: 4567
          protocol: TCP
      env:
        - name: PORT
          value: "4567"
        - name: BIND_ADDRESS
          value: "0.0.0.0"
        - name: LOGFILE
          value: /dev/stdout
        - name: SITE_NAME
          value: {{ printf "%s.%s" $.Values.vmpoolerInstance $.Values.ingress.domain | quote }}
        - name: VMPOOLER_CONFIG_FILE
          value: /etc/vmpooler/vmpooler.yaml
        - name: EXTRA_CONFIG
          value: /etc/vmpooler/config/pools.yaml
        - name: VMPOOLER_SERVER_JAVA_OPTS
          value: {{ $.Values.javaOpts | quote }}
        - name: USAGE_STATS
          value: {{ $.Values.usage_stats | quote }}
        - name: ONDEMAND_REQUEST_TTL
          value: {{ $.Values.ondemand_request_ttl | quote }}
        - name: ONDEMAND_CLONE_LIMIT
          value: {{ $.Values.ondemand_clone_limit | quote }}
        - name: MAX_LIFETIME_UPPER_LIMIT
          value: {{ $.Values.max_lifetime_upper_limit | quote }}
        - name: VM_LIFETIME
          value: {{ $.Values.vm_lifetime | quote }}
        - name: VM_LIFETIME_AUTH
          value: {{ $.Values.vm_lifetime_auth | quote }}
        - name: TIMEOUT
          value: {{ $.Values.timeout | quote }}
        - name: REDIS_SERVER
          value: {{ include "vmpooler.redisHost" $ | quote }}
        - name: REDIS_PORT
          value: {{ $.Values.redis.port | quote }}
        - name: REDIS_CONNECTION_POOL_SIZE
          value: {{ $.Values.redis_connection_pool_size | quote }}
        - name: REDIS_CONNECTION_POOL_TIMEOUT
          value: {{ $.Values.redis_connection_pool_timeout | quote }}
        {{- if include "vmpooler.redisAuth" $ }}
        - name: REDIS_PASSWORD
          valueFrom:
            secretKeyRef:
              name: {{ include "vmpooler.redisSecret" $ }}
              key: {{ $.Values.redis.auth.existingSecretPasswordKey }}
        {{- end }}
        {{- if $.Values.tracing.enabled }}
        - name: VMPOOLER_TRACING_ENABLED
          value: "true"
        - name: VMPOOLER_TRACING_JAEGER_HOST
          value: {{ $.Values.tracing.jaegerHost | quote }}
        {{- end }}
        {{- range $.Values.secretEnv }}
        - name: {{ .name }}
          valueFrom:
            secretKeyRef:
              name: {{ .secretName }}
              key: {{ .key }}
        {{- end }}
        {{- with $.Values.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      startupProbe:
        httpGet:
          path: {{ $.Values.probes.liveness.path }}
          port: http
        periodSeconds: {{ $.Values.probes.startup.periodSeconds }}
        failureThreshold: {{ $.Values.probes.startup.failureThreshold }}
      livenessProbe:
        httpGet:
          path: {{ $.Values.probes.liveness.path }}
          port: http
        periodSeconds: {{ $.Values.probes.liveness.periodSeconds }}
        failureThreshold: {{ $.Values.probes.liveness.failureThreshold }}
      readinessProbe:
        httpGet:
          path: {{ $.Values.probes.readiness.path }}
          port: http
        periodSeconds: {{ $.Values.probes.readiness.periodSeconds }}
        failureThreshold: {{ $.Values.probes.readiness.failureThreshold }}
      resources:
        {{- toYaml $values.resources | nindent 8 }}
      volumeMounts:
        - name: baseconfig
          mountPath: /etc/vmpooler/vmpooler.yaml
          subPath: vmpooler.yaml
          readOnly: true
        - name: pools
          mountPath: /etc/vmpooler/config
          readOnly: true
        # The root filesystem is read-only; the JVM and Netty want a writable /tmp.
        - name: tmp
          mountPath: /tmp
        {{- if $.Values.plugins.volume }}
        - name: plugins
          mountPath: /opt/vmpooler/plugins
          readOnly: true
        {{- end }}
        {{- with $.Values.extraVolumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    - name: baseconfig
      configMap:
        name: {{ include "vmpooler.fullname" $ }}-baseconfig
    - name: pools
      configMap:
        name: {{ include "vmpooler.poolsConfigMap" $ }}
    - name: tmp
      emptyDir:
        medium: Memory
        sizeLimit: 64Mi
    {{- if $.Values.plugins.volume }}
    - name: plugins
      {{- toYaml $.Values.plugins.volume | nindent 6 }}
    {{- end }}
    {{- with $.Values.extraVolumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with $.Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $.Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $.Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* "true" unless baseconfig_extras sets :config: manager_leases to false (empty then). */}}
{{- define "vmpooler.managerLeases" -}}
{{- $config := index (.Values.baseconfig_extras | default dict) ":config:" | default dict -}}
{{- if or (not (hasKey $config "manager_leases")) (index $config "manager_leases") -}}true{{- end -}}
{{- end -}}

{{/* manager.replicaCount, refused above one when the managers cannot share the pools. */}}
{{- define "vmpooler.managerReplicas" -}}
{{- $replicas := int .Values.manager.replicaCount -}}
{{- if lt $replicas 0 -}}
{{- fail (printf "manager.replicaCount must be 0 or more, not %d" $replicas) -}}
{{- end -}}
{{- if and (gt $replicas 1) (not (include "vmpooler.managerLeases" .)) -}}
{{- fail "manager.replicaCount above 1 needs manager leases: remove manager_leases: false from baseconfig_extras :config:" -}}
{{- end -}}
{{- $replicas -}}
{{- end -}}
