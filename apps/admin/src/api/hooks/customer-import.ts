import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../session/session-context';
import { uploadImport, type ImportQuery } from '../import-upload';

/** A dry run or an import of a CSV file, with upload progress; a real import refreshes the customer lists. */
export function useCustomerImport(onProgress: (fraction: number) => void) {
  const { apiKey } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, query }: { file: File; query: ImportQuery }) => uploadImport({ apiKey, file, query, onProgress }),
    onSuccess: (report) => {
      if (!report.dryRun) void queryClient.invalidateQueries({ queryKey: ['customers'] });
    },
  });
}
