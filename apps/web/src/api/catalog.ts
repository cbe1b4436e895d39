/**
 * Catalog and learning queries/mutations shared by the learner, trainer and manager pages.
 * Completing a module refreshes the course, the learner home and the records, since the
 * server recomputes the training record on each change, and the learner's path.
 */
import type { CourseDetail, CourseSummary, EnrollmentProgress, LearnerHome, Page } from '@xueli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue } from './client.ts';
import { pathKeys } from './paths.ts';

export const catalogKeys = {
  courses: ['courses'] as const,
  course: (id: number) => ['course', id] as const,
  learning: ['me', 'learning'] as const,
  records: ['me', 'records'] as const,
  team: ['team'] as const,
  classroom: ['classroom'] as const,
};

export function useCourses(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: [...catalogKeys.courses, query],
    queryFn: () => api.get<Page<CourseSummary>>('/courses', query),
  });
}

export function useCourse(id: number) {
  return useQuery({ queryKey: catalogKeys.course(id), queryFn: () => api.get<CourseDetail>(`/courses/${id}`) });
}

export function useLearnerHome() {
  return useQuery({ queryKey: catalogKeys.learning, queryFn: () => api.get<LearnerHome>('/me/learning') });
}

/** Self-enrolment (idempotent on the server). */
export function useEnroll() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (courseId: number) => api.post<EnrollmentProgress>(`/courses/${courseId}/enroll`),
    onSuccess: (_r, courseId) => {
      void qc.invalidateQueries({ queryKey: catalogKeys.courses });
      void qc.invalidateQueries({ queryKey: catalogKeys.course(courseId) });
      void qc.invalidateQueries({ queryKey: catalogKeys.learning });
      void qc.invalidateQueries({ queryKey: pathKeys.all });
    },
  });
}

/** Marks a module complete (`done` = true) or undoes it, then refreshes the progress views. */
export function useModuleCompletion(courseId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ enrollmentId, moduleId, done }: { enrollmentId: number; moduleId: number; done: boolean }) => {
      const path = `/enrollments/${enrollmentId}/modules/${moduleId}/complete`;
      return done ? api.post<EnrollmentProgress>(path, {}) : api.delete<EnrollmentProgress>(path);
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: catalogKeys.course(courseId) });
      void qc.invalidateQueries({ queryKey: catalogKeys.learning });
      void qc.invalidateQueries({ queryKey: catalogKeys.records });
      // A completed module is a done step of the learner's path (and moves their mastery).
      void qc.invalidateQueries({ queryKey: pathKeys.all });
    },
  });
}
