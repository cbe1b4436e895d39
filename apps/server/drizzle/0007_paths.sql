CREATE TABLE "curated_paths" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "curated_paths_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"title_en" text,
	"description" text DEFAULT '' NOT NULL,
	"module_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_goals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "learning_goals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"employee_id" integer NOT NULL,
	"kind" text NOT NULL,
	"position_id" integer,
	"targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"curated_path_id" integer,
	"deadline" date,
	"hours_per_week" real,
	"note" text DEFAULT '' NOT NULL,
	"assigned_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "learning_goals_kind_check" CHECK ("learning_goals"."kind" in ('position', 'kps', 'curated')),
	CONSTRAINT "learning_goals_hours_check" CHECK ("learning_goals"."hours_per_week" is null or ("learning_goals"."hours_per_week" > 0 and "learning_goals"."hours_per_week" <= 80))
);
--> statement-breakpoint
CREATE TABLE "learning_plans" (
	"employee_id" integer PRIMARY KEY NOT NULL,
	"goal_id" integer,
	"module_ids" integer[] NOT NULL,
	"gap_now" real NOT NULL,
	"gap_after" real NOT NULL,
	"hours" real NOT NULL,
	"warnings" text[] DEFAULT '{}'::text[] NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "module_gain_observations" (
	"employee_id" integer NOT NULL,
	"module_id" integer NOT NULL,
	"kp_id" integer NOT NULL,
	"before" real NOT NULL,
	"observed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "module_gain_observations_employee_id_module_id_kp_id_pk" PRIMARY KEY("employee_id","module_id","kp_id")
);
--> statement-breakpoint
CREATE TABLE "module_kps" (
	"module_id" integer NOT NULL,
	"kp_id" integer NOT NULL,
	"gain" real DEFAULT 0.2 NOT NULL,
	CONSTRAINT "module_kps_module_id_kp_id_pk" PRIMARY KEY("module_id","kp_id"),
	CONSTRAINT "module_kps_gain_range" CHECK ("module_kps"."gain" > 0 and "module_kps"."gain" <= 1)
);
--> statement-breakpoint
CREATE TABLE "path_preferences" (
	"employee_id" integer NOT NULL,
	"module_id" integer NOT NULL,
	"action" text,
	"position" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "path_preferences_employee_id_module_id_pk" PRIMARY KEY("employee_id","module_id"),
	CONSTRAINT "path_preferences_action_check" CHECK ("path_preferences"."action" is null or "path_preferences"."action" in ('pin', 'skip'))
);
--> statement-breakpoint
CREATE TABLE "recommendation_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recommendation_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"employee_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"kind" text NOT NULL,
	"surface" text NOT NULL,
	"rank" integer,
	"model" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recommendation_events_kind_check" CHECK ("recommendation_events"."kind" in ('impression', 'click', 'enroll', 'dismiss')),
	CONSTRAINT "recommendation_events_surface_check" CHECK ("recommendation_events"."surface" in ('home', 'course'))
);
--> statement-breakpoint
ALTER TABLE "curated_paths" ADD CONSTRAINT "curated_paths_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_goals" ADD CONSTRAINT "learning_goals_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_goals" ADD CONSTRAINT "learning_goals_position_id_positions_id_fk" FOREIGN KEY ("position_id") REFERENCES "public"."positions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_goals" ADD CONSTRAINT "learning_goals_curated_path_id_curated_paths_id_fk" FOREIGN KEY ("curated_path_id") REFERENCES "public"."curated_paths"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_goals" ADD CONSTRAINT "learning_goals_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_plans" ADD CONSTRAINT "learning_plans_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_plans" ADD CONSTRAINT "learning_plans_goal_id_learning_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."learning_goals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_gain_observations" ADD CONSTRAINT "module_gain_observations_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_gain_observations" ADD CONSTRAINT "module_gain_observations_module_id_course_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."course_modules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_gain_observations" ADD CONSTRAINT "module_gain_observations_kp_id_knowledge_points_id_fk" FOREIGN KEY ("kp_id") REFERENCES "public"."knowledge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_kps" ADD CONSTRAINT "module_kps_module_id_course_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."course_modules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_kps" ADD CONSTRAINT "module_kps_kp_id_knowledge_points_id_fk" FOREIGN KEY ("kp_id") REFERENCES "public"."knowledge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "path_preferences" ADD CONSTRAINT "path_preferences_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "path_preferences" ADD CONSTRAINT "path_preferences_module_id_course_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."course_modules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_events" ADD CONSTRAINT "recommendation_events_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_events" ADD CONSTRAINT "recommendation_events_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "learning_goals_one_active_uq" ON "learning_goals" USING btree ("employee_id") WHERE "learning_goals"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "learning_goals_employee_idx" ON "learning_goals" USING btree ("employee_id","created_at");--> statement-breakpoint
CREATE INDEX "module_gain_observations_module_idx" ON "module_gain_observations" USING btree ("module_id");--> statement-breakpoint
CREATE INDEX "module_kps_kp_idx" ON "module_kps" USING btree ("kp_id");--> statement-breakpoint
CREATE INDEX "recommendation_events_employee_idx" ON "recommendation_events" USING btree ("employee_id","created_at");