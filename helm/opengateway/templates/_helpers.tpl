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

{{/* Several pods need one shared database: each would otherwise have its own H2 file (keys, billing). */}}
{{- define "opengateway.validate" -}}
{{- if and (not .Values.database.url) (or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled) -}}
{{- fail "More than one replica (replicaCount > 1 or autoscaling.enabled) needs an external database: set database.url." -}}
{{- end -}}
{{- if and .Values.database.url (not .Values.database.existingSecret) -}}
{{- fail "database.url is set: name the Secret holding its password in database.existingSecret." -}}
{{- end -}}
{{- end -}}
