CREATE TABLE "ai_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"mode" text DEFAULT 'offline' NOT NULL,
	"base_url" text,
	"api_key_sealed" text,
	"chat_model" text,
	"embedding_model" text,
	"timeout_ms" integer DEFAULT 30000 NOT NULL,
	"user_rate_limit_per_minute" integer DEFAULT 20 NOT NULL,
	"monthly_token_budget" bigint,
	"redact_pii" boolean DEFAULT true NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_settings_singleton" CHECK ("ai_settings"."id" = 1),
	CONSTRAINT "ai_settings_mode_check" CHECK ("ai_settings"."mode" in ('offline', 'openai')),
	CONSTRAINT "ai_settings_timeout_range" CHECK ("ai_settings"."timeout_ms" between 1000 and 600000),
	CONSTRAINT "ai_settings_rate_nonneg" CHECK ("ai_settings"."user_rate_limit_per_minute" >= 0),
	CONSTRAINT "ai_settings_budget_nonneg" CHECK ("ai_settings"."monthly_token_budget" is null or "ai_settings"."monthly_token_budget" >= 0)
);
--> statement-breakpoint
CREATE TABLE "generation_drafts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "generation_drafts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"origin" text NOT NULL,
	"content" jsonb NOT NULL,
	"document_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	"item_id" integer,
	CONSTRAINT "generation_drafts_kind_check" CHECK ("generation_drafts"."kind" in ('outline', 'item', 'case')),
	CONSTRAINT "generation_drafts_status_check" CHECK ("generation_drafts"."status" in ('pending', 'approved', 'rejected')),
	CONSTRAINT "generation_drafts_origin_check" CHECK ("generation_drafts"."origin" in ('offline', 'model'))
);
--> statement-breakpoint
CREATE TABLE "kb_chunks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kb_chunks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"document_id" integer NOT NULL,
	"ord" integer NOT NULL,
	"heading_path" text[] DEFAULT '{}'::text[] NOT NULL,
	"text" text NOT NULL,
	"embedding" real[],
	"embedding_model" text
);
--> statement-breakpoint
CREATE TABLE "kb_collection_access" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kb_collection_access_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"collection_id" integer NOT NULL,
	"department_id" integer,
	"position_id" integer,
	"role" text,
	CONSTRAINT "kb_collection_access_one_target" CHECK (("kb_collection_access"."department_id" is not null)::int + ("kb_collection_access"."position_id" is not null)::int + ("kb_collection_access"."role" is not null)::int = 1)
);
--> statement-breakpoint
CREATE TABLE "kb_collections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kb_collections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"visibility" text DEFAULT 'everyone' NOT NULL,
	"course_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kb_collections_visibility_check" CHECK ("kb_collections"."visibility" in ('everyone', 'restricted'))
);
--> statement-breakpoint
CREATE TABLE "kb_documents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kb_documents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"collection_id" integer NOT NULL,
	"title" text NOT NULL,
	"source_kind" text NOT NULL,
	"format" text NOT NULL,
	"file_id" integer,
	"source_url" text,
	"pasted_text" text,
	"size_bytes" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"chunk_count" integer DEFAULT 0 NOT NULL,
	"job_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"indexed_at" timestamp with time zone,
	CONSTRAINT "kb_documents_source_check" CHECK ("kb_documents"."source_kind" in ('upload', 'paste')),
	CONSTRAINT "kb_documents_format_check" CHECK ("kb_documents"."format" in ('markdown', 'html', 'text', 'pdf', 'docx')),
	CONSTRAINT "kb_documents_status_check" CHECK ("kb_documents"."status" in ('pending', 'indexing', 'ready', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "tutor_questions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tutor_questions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"course_id" integer,
	"question" text NOT NULL,
	"answer" text DEFAULT '' NOT NULL,
	"mode" text NOT NULL,
	"supported" boolean NOT NULL,
	"citations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"latency_ms" integer DEFAULT 0 NOT NULL,
	"rating" smallint,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tutor_questions_mode_check" CHECK ("tutor_questions"."mode" in ('extractive', 'model')),
	CONSTRAINT "tutor_questions_rating_check" CHECK ("tutor_questions"."rating" is null or "tutor_questions"."rating" in (-1, 1))
);
--> statement-breakpoint
ALTER TABLE "ai_calls" DROP CONSTRAINT "ai_calls_outcome_check";--> statement-breakpoint
ALTER TABLE "ai_settings" ADD CONSTRAINT "ai_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generation_drafts" ADD CONSTRAINT "generation_drafts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generation_drafts" ADD CONSTRAINT "generation_drafts_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generation_drafts" ADD CONSTRAINT "generation_drafts_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_chunks" ADD CONSTRAINT "kb_chunks_document_id_kb_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."kb_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_collection_access" ADD CONSTRAINT "kb_collection_access_collection_id_kb_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."kb_collections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_collection_access" ADD CONSTRAINT "kb_collection_access_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_collection_access" ADD CONSTRAINT "kb_collection_access_position_id_positions_id_fk" FOREIGN KEY ("position_id") REFERENCES "public"."positions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_collections" ADD CONSTRAINT "kb_collections_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_collections" ADD CONSTRAINT "kb_collections_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_documents" ADD CONSTRAINT "kb_documents_collection_id_kb_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."kb_collections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_documents" ADD CONSTRAINT "kb_documents_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_documents" ADD CONSTRAINT "kb_documents_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_documents" ADD CONSTRAINT "kb_documents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutor_questions" ADD CONSTRAINT "tutor_questions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutor_questions" ADD CONSTRAINT "tutor_questions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "generation_drafts_status_idx" ON "generation_drafts" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "kb_chunks_document_idx" ON "kb_chunks" USING btree ("document_id","ord");--> statement-breakpoint
CREATE INDEX "kb_collection_access_collection_idx" ON "kb_collection_access" USING btree ("collection_id");--> statement-breakpoint
CREATE INDEX "kb_collections_course_idx" ON "kb_collections" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "kb_documents_collection_idx" ON "kb_documents" USING btree ("collection_id","id");--> statement-breakpoint
CREATE INDEX "tutor_questions_user_idx" ON "tutor_questions" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "tutor_questions_created_idx" ON "tutor_questions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ai_calls_actor_created_idx" ON "ai_calls" USING btree ("actor_user_id","created_at");--> statement-breakpoint
ALTER TABLE "ai_calls" ADD CONSTRAINT "ai_calls_outcome_check" CHECK ("ai_calls"."outcome" in ('ok', 'timeout', 'http_error', 'network_error', 'invalid_json', 'schema_mismatch', 'rate_limited', 'budget_exhausted', 'cancelled'));