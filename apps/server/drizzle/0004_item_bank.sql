CREATE TABLE "item_kps" (
	"item_id" integer NOT NULL,
	"kp_id" integer NOT NULL,
	CONSTRAINT "item_kps_item_id_kp_id_pk" PRIMARY KEY("item_id","kp_id")
);
--> statement-breakpoint
CREATE TABLE "item_versions" (
	"item_id" integer NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"changed_by" integer,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "item_versions_item_id_version_pk" PRIMARY KEY("item_id","version")
);
--> statement-breakpoint
CREATE TABLE "items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"stem" text NOT NULL,
	"options" jsonb,
	"answer_key" jsonb,
	"rubric" jsonb,
	"explanation" text DEFAULT '' NOT NULL,
	"difficulty" real,
	"discrimination" real,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"updated_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "items_type_check" CHECK ("items"."type" in ('single', 'multiple', 'true_false', 'fill_blank', 'short_answer', 'essay', 'programming')),
	CONSTRAINT "items_status_check" CHECK ("items"."status" in ('draft', 'review', 'active', 'retired')),
	CONSTRAINT "items_version_positive" CHECK ("items"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "item_kps" ADD CONSTRAINT "item_kps_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_kps" ADD CONSTRAINT "item_kps_kp_id_knowledge_points_id_fk" FOREIGN KEY ("kp_id") REFERENCES "public"."knowledge_points"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_versions" ADD CONSTRAINT "item_versions_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_versions" ADD CONSTRAINT "item_versions_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "item_kps_kp_idx" ON "item_kps" USING btree ("kp_id");--> statement-breakpoint
CREATE INDEX "items_status_type_idx" ON "items" USING btree ("status","type");