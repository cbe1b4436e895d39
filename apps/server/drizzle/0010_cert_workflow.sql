CREATE TABLE "cert_application_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cert_application_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"application_id" integer NOT NULL,
	"action" text NOT NULL,
	"from_stage" text,
	"to_stage" text,
	"actor_user_id" integer,
	"reason" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cert_applications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cert_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"level_id" integer NOT NULL,
	"employee_id" integer NOT NULL,
	"applicant_user_id" integer,
	"stage" text DEFAULT 'review' NOT NULL,
	"statement" text DEFAULT '' NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"eligibility" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"components" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"composite" real,
	"last_decider_user_id" integer,
	"appeal_status" text,
	"certificate_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cert_applications_stage_check" CHECK ("cert_applications"."stage" in ('review', 'learn', 'exams', 'evaluate', 'issued', 'rejected', 'failed', 'withdrawn')),
	CONSTRAINT "cert_applications_appeal_check" CHECK ("cert_applications"."appeal_status" is null or "cert_applications"."appeal_status" in ('open', 'upheld', 'overturned'))
);
--> statement-breakpoint
CREATE TABLE "cert_assessments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cert_assessments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"application_id" integer NOT NULL,
	"component" text NOT NULL,
	"assessor_user_id" integer NOT NULL,
	"score" real NOT NULL,
	"rubric" jsonb,
	"private_notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cert_assessments_component_check" CHECK ("cert_assessments"."component" in ('practical', 'interview')),
	CONSTRAINT "cert_assessments_score_range" CHECK ("cert_assessments"."score" >= 0 and "cert_assessments"."score" <= 1)
);
--> statement-breakpoint
CREATE TABLE "cert_interviews" (
	"application_id" integer PRIMARY KEY NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"panel_user_ids" integer[] NOT NULL,
	"scheduled_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link" text,
	"dedupe_key" text,
	"read_at" timestamp with time zone,
	"email_status" text DEFAULT 'none' NOT NULL,
	"email_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_email_status_check" CHECK ("notifications"."email_status" in ('none', 'pending', 'sent', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "cert_application_events" ADD CONSTRAINT "cert_application_events_application_id_cert_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."cert_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cert_application_events" ADD CONSTRAINT "cert_application_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cert_applications" ADD CONSTRAINT "cert_applications_level_id_cert_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."cert_levels"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cert_applications" ADD CONSTRAINT "cert_applications_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cert_applications" ADD CONSTRAINT "cert_applications_applicant_user_id_users_id_fk" FOREIGN KEY ("applicant_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cert_applications" ADD CONSTRAINT "cert_applications_last_decider_user_id_users_id_fk" FOREIGN KEY ("last_decider_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cert_applications" ADD CONSTRAINT "cert_applications_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cert_assessments" ADD CONSTRAINT "cert_assessments_application_id_cert_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."cert_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cert_assessments" ADD CONSTRAINT "cert_assessments_assessor_user_id_users_id_fk" FOREIGN KEY ("assessor_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cert_interviews" ADD CONSTRAINT "cert_interviews_application_id_cert_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."cert_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cert_interviews" ADD CONSTRAINT "cert_interviews_scheduled_by_users_id_fk" FOREIGN KEY ("scheduled_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cert_application_events_app_idx" ON "cert_application_events" USING btree ("application_id","id");--> statement-breakpoint
CREATE INDEX "cert_applications_stage_idx" ON "cert_applications" USING btree ("stage","updated_at");--> statement-breakpoint
CREATE INDEX "cert_applications_employee_idx" ON "cert_applications" USING btree ("employee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cert_applications_open_uq" ON "cert_applications" USING btree ("employee_id","level_id") WHERE "cert_applications"."stage" in ('review', 'learn', 'exams', 'evaluate');--> statement-breakpoint
CREATE UNIQUE INDEX "cert_assessments_one_per_assessor" ON "cert_assessments" USING btree ("application_id","component","assessor_user_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_uq" ON "notifications" USING btree ("user_id","dedupe_key");