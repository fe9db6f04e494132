{{/* Names and labels, the usual way. */}}
{{- define "opengateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "opengateway.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "opengateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "opengateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "opengateway.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "opengateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* metadata of every object: (dict "ctx" $ "name" … ["namespace" …] ["labels" …] ["annotations" …]) */}}
{{- define "opengateway.metadata" -}}
name: {{ .name }}
namespace: {{ default .ctx.Release.Namespace .namespace }}
labels:
  {{- include "opengateway.labels" .ctx | nindent 2 }}
  {{- with .labels }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- with (merge (dict) (default (dict) .annotations) .ctx.Values.commonAnnotations) }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "opengateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "opengateway.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "opengateway.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "opengateway.routesConfigMap" -}}
{{- default (printf "%s-routes" (include "opengateway.fullname" .)) .Values.routes.existingConfigMap -}}
{{- end -}}

{{- define "opengateway.catalogConfigMap" -}}
{{- default (printf "%s-catalog" (include "opengateway.fullname" .)) .Values.routes.existingCatalogConfigMap -}}
{{- end -}}

{{- define "opengateway.dataClaim" -}}
{{- default (printf "%s-data" (include "opengateway.fullname" .)) .Values.persistence.existingClaim -}}
{{- end -}}

{{- define "opengateway.workloadKind" -}}
{{- if eq .Values.persistence.mode "claimPerPod" }}StatefulSet{{ else }}Deployment{{ end -}}
{{- end -}}

{{- define "opengateway.replicated" -}}
{{- if or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled }}true{{ end -}}
{{- end -}}

{{/*
  Several pods need one shared database: each would otherwise have its own H2 file (keys, billing,
  and the rate-limit counters, which are counted in PostgreSQL when there is no Redis). On one
  shared claim, several pods need it ReadWriteMany.
*/}}
{{- define "opengateway.validate" -}}
{{- if and (not .Values.database.url) (include "opengateway.replicated" .) -}}
{{- fail "More than one replica (replicaCount > 1 or autoscaling.enabled) needs an external database: set database.url." -}}
{{- end -}}
{{- if and .Values.database.url (not .Values.database.existingSecret) -}}
{{- fail "database.url is set: name the Secret holding its password in database.existingSecret." -}}
{{- end -}}
{{- if and (eq .Values.persistence.mode "sharedClaim") (include "opengateway.replicated" .) (not .Values.persistence.existingClaim) .Values.persistence.accessModes (not (has "ReadWriteMany" .Values.persistence.accessModes)) -}}
{{- fail "persistence.mode=sharedClaim with more than one replica needs a ReadWriteMany claim: leave persistence.accessModes empty or include ReadWriteMany (or use persistence.mode=claimPerPod)." -}}
{{- end -}}
{{- if and .Values.persistence.existingClaim (ne .Values.persistence.mode "sharedClaim") -}}
{{- fail "persistence.existingClaim is for persistence.mode=sharedClaim (claimPerPod makes a claim per pod)." -}}
{{- end -}}
{{- end -}}
