{{/*
  The pod template of the gateway's workload: a Deployment, or a StatefulSet with
  persistence.mode=claimPerPod (the same pod, with a claim of its own). Included as it stands, at
  the workload's spec level.
*/}}
{{- define "opengateway.podTemplate" }}
  template:
    metadata:
      labels:
        {{- include "opengateway.labels" . | nindent 8 }}
        {{- with .Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        # the routes are read once at start-up (reloading is off): a changed route must roll the pods
        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
        {{- with .Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "opengateway.serviceAccountName" . }}
      automountServiceAccountToken: {{ .Values.serviceAccount.automountServiceAccountToken }}
      {{- with .Values.image.pullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      {{- with .Values.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
      containers:
        - name: opengateway
          image: {{ include "opengateway.image" . }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          securityContext:
            {{- toYaml .Values.containerSecurityContext | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ .Values.containerPorts.http }}
              protocol: TCP
            - name: management
              containerPort: {{ .Values.containerPorts.management }}
              protocol: TCP
          env:
            {{- include "opengateway.env" . | nindent 12 }}
          {{- if .Values.startupProbe.enabled }}
          startupProbe:
            httpGet:
              path: /actuator/health/liveness
              port: management
            {{- omit .Values.startupProbe "enabled" | toYaml | nindent 12 }}
          {{- end }}
          {{- if .Values.livenessProbe.enabled }}
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: management
            {{- omit .Values.livenessProbe "enabled" | toYaml | nindent 12 }}
          {{- end }}
          {{- if .Values.readinessProbe.enabled }}
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: management
            {{- omit .Values.readinessProbe "enabled" | toYaml | nindent 12 }}
          {{- end }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          # whole-folder mounts, no subPath: kubelet swaps a ConfigMap folder atomically
          volumeMounts:
            - name: routes
              mountPath: /app/routes
              readOnly: true
            - name: catalog
              mountPath: /app/catalog
              readOnly: true
            - name: data
              mountPath: /app/data
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: routes
          configMap:
            name: {{ include "opengateway.routesConfigMap" . }}
        - name: catalog
          configMap:
            name: {{ include "opengateway.catalogConfigMap" . }}
        {{- if eq .Values.persistence.mode "sharedClaim" }}
        - name: data
          persistentVolumeClaim:
            claimName: {{ include "opengateway.dataClaim" . }}
        {{- else if eq .Values.persistence.mode "emptyDir" }}
        - name: data
          emptyDir:
            sizeLimit: {{ .Values.persistence.emptyDirSizeLimit }}
        {{- end }}
        {{- /* claimPerPod: "data" is the StatefulSet's volumeClaimTemplate */}}
        - name: tmp
          emptyDir:
            sizeLimit: {{ .Values.tmpSizeLimit }}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}
