CREATE TABLE "attempt_responses" (
	"attempt_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"position" integer NOT NULL,
	"response" jsonb,
	"flagged" boolean DEFAULT false NOT NULL,
	"seq" integer DEFAULT 0 NOT NULL,
	"saved_at" timestamp with time zone,
	"status" text DEFAULT 'unanswered' NOT NULL,
	"locked" boolean DEFAULT false NOT NULL,
	"score" real,
	"auto_score" real,
	"detail" jsonb,
	"rubric_levels" jsonb,
	"comment" text,
	"graded_by" integer,
	"graded_at" timestamp with time zone,
	CONSTRAINT "attempt_responses_attempt_id_item_id_pk" PRIMARY KEY("attempt_id","item_id"),
	CONSTRAINT "attempt_responses_status_check" CHECK ("attempt_responses"."status" in ('unanswered', 'saved', 'auto_graded', 'needs_review', 'graded')),
	CONSTRAINT "attempt_responses_score_range" CHECK ("attempt_responses"."score" is null or ("attempt_responses"."score" >= 0 and "attempt_responses"."score" <= 1))
);
--> statement-breakpoint
CREATE TABLE "exam_attempts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "exam_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"exam_id" integer NOT NULL,
	"employee_id" integer NOT NULL,
	"attempt_no" integer NOT NULL,
	"status" text DEFAULT 'in_progress' NOT NULL,
	"form" jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"ended_by" text,
	"points_earned" real,
	"points_possible" real DEFAULT 0 NOT NULL,
	"percent" real,
	"passed" boolean,
	"pending_review" integer DEFAULT 0 NOT NULL,
	"theta" real,
	"se" real,
	CONSTRAINT "exam_attempts_status_check" CHECK ("exam_attempts"."status" in ('in_progress', 'submitted', 'graded'))
);
--> statement-breakpoint
CREATE TABLE "exam_items" (
	"exam_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"position" integer NOT NULL,
	"points" real DEFAULT 1 NOT NULL,
	CONSTRAINT "exam_items_exam_id_item_id_pk" PRIMARY KEY("exam_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "exams" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "exams_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"title_en" text,
	"description" text DEFAULT '' NOT NULL,
	"course_id" integer,
	"mode" text NOT NULL,
	"purpose" text DEFAULT 'exam' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"time_limit_minutes" integer,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"max_attempts" integer,
	"shuffle_items" boolean DEFAULT true NOT NULL,
	"shuffle_options" boolean DEFAULT true NOT NULL,
	"feedback" text DEFAULT 'after_submit' NOT NULL,
	"pass_percent" real DEFAULT 60 NOT NULL,
	"blueprint" jsonb,
	"adaptive" jsonb,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exams_mode_check" CHECK ("exams"."mode" in ('fixed', 'blueprint', 'adaptive')),
	CONSTRAINT "exams_purpose_check" CHECK ("exams"."purpose" in ('exam', 'practice')),
	CONSTRAINT "exams_status_check" CHECK ("exams"."status" in ('draft', 'published', 'archived')),
	CONSTRAINT "exams_feedback_check" CHECK ("exams"."feedback" in ('immediate', 'after_submit', 'after_close', 'never')),
	CONSTRAINT "exams_window_check" CHECK ("exams"."opens_at" is null or "exams"."closes_at" is null or "exams"."opens_at" < "exams"."closes_at")
);
--> statement-breakpoint
ALTER TABLE "attempt_responses" ADD CONSTRAINT "attempt_responses_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_responses" ADD CONSTRAINT "attempt_responses_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_responses" ADD CONSTRAINT "attempt_responses_graded_by_users_id_fk" FOREIGN KEY ("graded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_items" ADD CONSTRAINT "exam_items_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_items" ADD CONSTRAINT "exam_items_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exams" ADD CONSTRAINT "exams_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exams" ADD CONSTRAINT "exams_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attempt_responses_review_idx" ON "attempt_responses" USING btree ("status") WHERE "attempt_responses"."status" = 'needs_review';--> statement-breakpoint
CREATE INDEX "attempt_responses_item_idx" ON "attempt_responses" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exam_attempts_no_uq" ON "exam_attempts" USING btree ("exam_id","employee_id","attempt_no");--> statement-breakpoint
CREATE UNIQUE INDEX "exam_attempts_open_uq" ON "exam_attempts" USING btree ("exam_id","employee_id") WHERE "exam_attempts"."status" = 'in_progress';--> statement-breakpoint
CREATE INDEX "exam_attempts_employee_idx" ON "exam_attempts" USING btree ("employee_id","started_at");--> statement-breakpoint
CREATE INDEX "exam_attempts_deadline_idx" ON "exam_attempts" USING btree ("deadline_at") WHERE "exam_attempts"."status" = 'in_progress';--> statement-breakpoint
CREATE INDEX "exam_items_item_idx" ON "exam_items" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "exams_course_idx" ON "exams" USING btree ("course_id");