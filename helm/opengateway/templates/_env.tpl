{{/*
  The container's environment. Secrets only ever as secretKeyRef (optional: a missing provider key
  leaves that provider without one, a missing admin token keeps the admin API and console closed).
*/}}
{{- define "opengateway.env" -}}
- name: SERVER_PORT
  value: {{ .Values.containerPorts.http | quote }}
- name: MANAGEMENT_SERVER_PORT
  value: {{ .Values.containerPorts.management | quote }}
# the catalog ConfigMap has its own folder: a ConfigMap mount cannot nest inside another
- name: OPENGATEWAY_CATALOG
  value: "file:catalog/*.yaml"
- name: OPENGATEWAY_BILLING_FEE_PERCENT
  value: {{ .Values.gateway.billingFeePercent | quote }}
{{- with .Values.gateway.logFormat }}
- name: LOGGING_STRUCTURED_FORMAT_CONSOLE
  value: {{ . | quote }}
{{- end }}
{{- with .Values.gateway.javaOpts }}
- name: JAVA_OPTS
  value: {{ . | quote }}
{{- end }}
{{- range $name, $provider := .Values.gateway.providers }}
{{- $env := printf "OPENGATEWAY_PROVIDERS_%s" (upper $name) }}
- name: {{ $env }}_BASE_URL
  value: {{ $provider.baseUrl | quote }}
{{- if and $.Values.gateway.existingSecret $provider.apiKeyKey }}
- name: {{ $env }}_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.gateway.existingSecret }}
      key: {{ $provider.apiKeyKey }}
      optional: true
{{- end }}
{{- end }}
{{- if and .Values.gateway.existingSecret .Values.gateway.adminTokenKey }}
- name: OPENGATEWAY_ADMIN_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ .Values.gateway.existingSecret }}
      key: {{ .Values.gateway.adminTokenKey }}
      optional: true
{{- end }}
{{- if .Values.database.url }}
- name: SPRING_DATASOURCE_URL
  value: {{ .Values.database.url | quote }}
- name: SPRING_DATASOURCE_USERNAME
  value: {{ .Values.database.username | quote }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.passwordKey }}
{{- end }}
{{- if eq .Values.persistence.mode "sharedClaim" }}
# a spool folder per pod on the shared claim; a live pod drains the folder of a pod that is gone
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: OPENGATEWAY_BILLING_SPOOL_DIR
  value: "/app/data/billing-spool/$(POD_NAME)"
- name: OPENGATEWAY_BILLING_TAKEOVER
  value: "true"
- name: OPENGATEWAY_BILLING_TAKEOVER_INTERVAL
  value: {{ .Values.persistence.takeoverInterval | quote }}
{{- end }}
{{- if .Values.redis.existingSecret }}
- name: OPENGATEWAY_SPEND_REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.existingSecret }}
      key: {{ .Values.redis.urlKey }}
{{- else if .Values.redis.url }}
- name: OPENGATEWAY_SPEND_REDIS_URL
  value: {{ .Values.redis.url | quote }}
{{- end }}
{{- with .Values.gateway.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
