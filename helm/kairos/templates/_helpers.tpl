{{/* The chart name, or nameOverride. */}}
{{- define "kairos.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The full name of the release's resources, at most 63 characters. */}}
{{- define "kairos.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels of every resource. */}}
{{- define "kairos.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "kairos.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Labels that select the release's pods; leader election counts the ready pods with these as candidates. */}}
{{- define "kairos.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kairos.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "kairos.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kairos.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret the container's secret environment comes from. */}}
{{- define "kairos.secretName" -}}
{{- default (include "kairos.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/* The plain environment variables of the README, name to value, as JSON (fromJson reads it back). */}}
{{- define "kairos.configEnv" -}}
{{- $c := .Values.config -}}
{{- dict "ZENDESK_BASE_URL" $c.zendeskBaseUrl "ZENDESK_EMAIL" $c.zendeskEmail
      "ZENDESK_KAIROS_USER_ID" (toString $c.zendeskKairosUserId) "SALESFORCE_LOGIN_URL" $c.salesforceLoginUrl
      "INTERCOM_BASE_URL" $c.intercomBaseUrl "INTERCOM_ADMIN_ID" (toString $c.intercomAdminId)
      "KAIROS_SIGNALS_SUBSCRIBE" (toString $c.signalsSubscribe) "KAIROS_SIGNALS_TRANSPORT" $c.signalsTransport
      "KAIROS_DB_URL" $c.databaseUrl
      "KAIROS_DB_USER" $c.databaseUser "KAIROS_INTERCOM_BRIDGE_ENABLED" (toString $c.intercomBridgeEnabled)
      "KAIROS_CONFIG_RELOAD" (toString $c.configReload) "LOGGING_STRUCTURED_FORMAT_CONSOLE" $c.logFormat
      "KAIROS_AGENT_SUBDOMAIN" $c.agentSubdomain "SALESFORCE_INSTANCE_URL" $c.salesforceInstanceUrl
      | toJson -}}
{{- end }}

{{/* The secret environment variables of the README, name to value, as JSON. */}}
{{- define "kairos.secretEnv" -}}
{{- $s := .Values.secrets -}}
{{- dict "ZENDESK_API_TOKEN" $s.zendeskApiToken "ZENDESK_WEBHOOK_SECRET" $s.zendeskWebhookSecret
      "SALESFORCE_CLIENT_ID" $s.salesforceClientId "SALESFORCE_CLIENT_SECRET" $s.salesforceClientSecret
      "SALESFORCE_JWT_KEYSTOREPASSWORD" $s.salesforceJwtKeystorePassword
      "INTERCOM_ACCESS_TOKEN" $s.intercomAccessToken "INTERCOM_CLIENT_SECRET" $s.intercomClientSecret
      "KAIROS_API_TOKEN" $s.kairosApiToken "KAIROS_ADMIN_USER" $s.kairosAdminUser
      "KAIROS_ADMIN_PASSWORD" $s.kairosAdminPassword "KAIROS_DB_PASSWORD" $s.databasePassword
      "KAIROS_AGENT_TOKEN" $s.kairosAgentToken | toJson -}}
{{- end }}

{{/*
The values Kairos cannot start without that this release lacks, comma-separated: those values.yaml marks required;
the secrets.* ones only when the chart makes the Secret (secrets.existingSecret supplies them otherwise).
*/}}
{{- define "kairos.missingValues" -}}
{{- $c := .Values.config -}}
{{- $missing := list -}}
{{- range $key := list "zendeskBaseUrl" "zendeskEmail" "salesforceLoginUrl" "databaseUrl" -}}
{{- if not (index $c $key) }}{{ $missing = append $missing (printf "config.%s" $key) }}{{ end -}}
{{- end -}}
{{- if and .Values.salesforceJwt.keystoreSecret (not .Values.salesforceJwt.username) }}{{ $missing = append $missing "salesforceJwt.username" }}{{ end -}}
{{- if not .Values.secrets.existingSecret -}}
{{- $salesforceCredential := ternary "salesforceJwtKeystorePassword" "salesforceClientSecret" (not (empty .Values.salesforceJwt.keystoreSecret)) -}}
{{- $secrets := list "zendeskApiToken" "zendeskWebhookSecret" "salesforceClientId" $salesforceCredential "kairosApiToken" -}}
{{- if $c.intercomBridgeEnabled }}{{ $secrets = append $secrets "intercomClientSecret" }}{{ end -}}
{{- range $key := $secrets -}}
{{- if not (index $.Values.secrets $key) }}{{ $missing = append $missing (printf "secrets.%s" $key) }}{{ end -}}
{{- end -}}
{{- end -}}
{{- join ", " $missing -}}
{{- end }}
