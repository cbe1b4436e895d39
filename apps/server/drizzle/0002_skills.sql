CREATE TABLE "employee_targets" (
	"employee_id" integer NOT NULL,
	"kp_id" integer NOT NULL,
	"target" real,
	"weight" real,
	"excluded" boolean DEFAULT false NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"set_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employee_targets_employee_id_kp_id_pk" PRIMARY KEY("employee_id","kp_id"),
	CONSTRAINT "employee_targets_target_range" CHECK ("employee_targets"."target" is null or ("employee_targets"."target" >= 0 and "employee_targets"."target" <= 1)),
	CONSTRAINT "employee_targets_weight_positive" CHECK ("employee_targets"."weight" is null or "employee_targets"."weight" > 0)
);
--> statement-breakpoint
CREATE TABLE "evidence" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evidence_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"employee_id" integer NOT NULL,
	"kind" text NOT NULL,
	"item_id" integer,
	"kp_ids" integer[] NOT NULL,
	"score" real NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"source" text DEFAULT 'api' NOT NULL,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_kind_check" CHECK ("evidence"."kind" in ('response', 'self_rating', 'manager_rating')),
	CONSTRAINT "evidence_score_range" CHECK ("evidence"."score" >= 0 and "evidence"."score" <= 1),
	CONSTRAINT "evidence_item_for_responses" CHECK ("evidence"."kind" <> 'response' or "evidence"."item_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "evidence_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evidence_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"ref" text NOT NULL,
	"kp_ids" integer[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_items_ref_unique" UNIQUE("ref")
);
--> statement-breakpoint
CREATE TABLE "frameworks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "frameworks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"identifier" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"description" text DEFAULT '' NOT NULL,
	"version" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"previous_version_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "frameworks_identifier_unique" UNIQUE("identifier"),
	CONSTRAINT "frameworks_status_check" CHECK ("frameworks"."status" in ('draft', 'published', 'retired'))
);
--> statement-breakpoint
CREATE TABLE "knowledge_points" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "knowledge_points_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"framework_id" integer NOT NULL,
	"identifier" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"description" text DEFAULT '' NOT NULL,
	"domain" text DEFAULT '' NOT NULL,
	"parent_id" integer,
	"position" integer DEFAULT 0 NOT NULL,
	"origin_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kp_prerequisites" (
	"from_id" integer NOT NULL,
	"to_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kp_prerequisites_from_id_to_id_pk" PRIMARY KEY("from_id","to_id"),
	CONSTRAINT "kp_prerequisites_not_self" CHECK ("kp_prerequisites"."from_id" <> "kp_prerequisites"."to_id")
);
--> statement-breakpoint
CREATE TABLE "kt_learner_states" (
	"employee_id" integer PRIMARY KEY NOT NULL,
	"model_id" integer,
	"state" jsonb NOT NULL,
	"responses" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kt_models" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kt_models_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"params" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	"fitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"fit_seconds" real DEFAULT 0 NOT NULL,
	CONSTRAINT "kt_models_kind_check" CHECK ("kt_models"."kind" in ('bkt', 'bkt-f', 'lr', 'lr+'))
);
--> statement-breakpoint
CREATE TABLE "mastery" (
	"employee_id" integer NOT NULL,
	"kp_id" integer NOT NULL,
	"p" real NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"correct" real DEFAULT 0 NOT NULL,
	"last_evidence_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mastery_employee_id_kp_id_pk" PRIMARY KEY("employee_id","kp_id"),
	CONSTRAINT "mastery_p_range" CHECK ("mastery"."p" >= 0 and "mastery"."p" <= 1)
);
--> statement-breakpoint
CREATE TABLE "position_targets" (
	"position_id" integer NOT NULL,
	"kp_id" integer NOT NULL,
	"target" real NOT NULL,
	"weight" real DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "position_targets_position_id_kp_id_pk" PRIMARY KEY("position_id","kp_id"),
	CONSTRAINT "position_targets_target_range" CHECK ("position_targets"."target" >= 0 and "position_targets"."target" <= 1),
	CONSTRAINT "position_targets_weight_positive" CHECK ("position_targets"."weight" > 0)
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress" real DEFAULT 0 NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"result" jsonb,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "jobs_status_check" CHECK ("jobs"."status" in ('queued', 'running', 'succeeded', 'failed')),
	CONSTRAINT "jobs_progress_range" CHECK ("jobs"."progress" >= 0 and "jobs"."progress" <= 1)
);
--> statement-breakpoint
ALTER TABLE "employee_targets" ADD CONSTRAINT "employee_targets_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employee_targets" ADD CONSTRAINT "employee_targets_kp_id_knowledge_points_id_fk" FOREIGN KEY ("kp_id") REFERENCES "public"."knowledge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employee_targets" ADD CONSTRAINT "employee_targets_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_item_id_evidence_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."evidence_items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "frameworks" ADD CONSTRAINT "frameworks_previous_version_id_frameworks_id_fk" FOREIGN KEY ("previous_version_id") REFERENCES "public"."frameworks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "frameworks" ADD CONSTRAINT "frameworks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_points" ADD CONSTRAINT "knowledge_points_framework_id_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."frameworks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_points" ADD CONSTRAINT "knowledge_points_parent_id_knowledge_points_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."knowledge_points"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_points" ADD CONSTRAINT "knowledge_points_origin_id_knowledge_points_id_fk" FOREIGN KEY ("origin_id") REFERENCES "public"."knowledge_points"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kp_prerequisites" ADD CONSTRAINT "kp_prerequisites_from_id_knowledge_points_id_fk" FOREIGN KEY ("from_id") REFERENCES "public"."knowledge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kp_prerequisites" ADD CONSTRAINT "kp_prerequisites_to_id_knowledge_points_id_fk" FOREIGN KEY ("to_id") REFERENCES "public"."knowledge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kt_learner_states" ADD CONSTRAINT "kt_learner_states_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mastery" ADD CONSTRAINT "mastery_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mastery" ADD CONSTRAINT "mastery_kp_id_knowledge_points_id_fk" FOREIGN KEY ("kp_id") REFERENCES "public"."knowledge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "position_targets" ADD CONSTRAINT "position_targets_position_id_positions_id_fk" FOREIGN KEY ("position_id") REFERENCES "public"."positions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "position_targets" ADD CONSTRAINT "position_targets_kp_id_knowledge_points_id_fk" FOREIGN KEY ("kp_id") REFERENCES "public"."knowledge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_employee_idx" ON "evidence" USING btree ("employee_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "frameworks_code_version_uq" ON "frameworks" USING btree ("code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "knowledge_points_framework_code_uq" ON "knowledge_points" USING btree ("framework_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "knowledge_points_framework_identifier_uq" ON "knowledge_points" USING btree ("framework_id","identifier");--> statement-breakpoint
CREATE INDEX "knowledge_points_parent_idx" ON "knowledge_points" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "kp_prerequisites_to_idx" ON "kp_prerequisites" USING btree ("to_id");--> statement-breakpoint
CREATE INDEX "mastery_kp_idx" ON "mastery" USING btree ("kp_id");--> statement-breakpoint
CREATE INDEX "position_targets_kp_idx" ON "position_targets" USING btree ("kp_id");--> statement-breakpoint
CREATE INDEX "jobs_kind_created_idx" ON "jobs" USING btree ("kind","created_at");